package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * One entry of the {@link QueryQmpSchema} reply. Which components are set depends on
 * {@link #metaType()}; the others are null.
 *
 * <ul>
 *   <li>command: {@code argType}, {@code retType}, {@code allowOob} (only when true)</li>
 *   <li>event: {@code argType}</li>
 *   <li>object: {@code members}, and {@code tag} plus {@code variants} for a union</li>
 *   <li>enum: {@code values}, and {@code members} holding the value names only</li>
 *   <li>alternate: {@code members} holding the types only</li>
 *   <li>array: {@code elementType}</li>
 * </ul>
 *
 * @param name the command or event name, the built-in type name, or a masked type name such as
 *     {@code "262"}
 * @param metaType what this entry describes
 * @param argType command and event: the object type of the arguments or data; nullable
 * @param retType command: the return type; nullable
 * @param allowOob command: true if it may be sent out-of-band; nullable (absent means false)
 * @param members object, enum and alternate: the members; nullable
 * @param values enum: the values; nullable
 * @param elementType array: the element type; nullable
 * @param tag union object: the member whose value selects the variant; nullable
 * @param variants union object: the variant per tag value; nullable
 * @param features e.g. {@code deprecated}, {@code unstable}; nullable
 */
public record SchemaInfo(
        String name,
        @JsonProperty("meta-type") SchemaMetaType metaType,
        @JsonProperty("arg-type") String argType,
        @JsonProperty("ret-type") String retType,
        @JsonProperty("allow-oob") Boolean allowOob,
        List<SchemaMember> members,
        List<String> values,
        @JsonProperty("element-type") String elementType,
        String tag,
        List<SchemaVariant> variants,
        List<String> features) {

    public SchemaInfo {
        members = Args.copy(members);
        values = Args.copy(values);
        variants = Args.copy(variants);
        features = Args.copy(features);
    }

    /** Whether {@link #features()} contains {@code feature}, e.g. {@code "deprecated"}. */
    public boolean hasFeature(String feature) {
        return features != null && features.contains(feature);
    }

    /** The member called {@code memberName}, if this entry has one. */
    public Optional<SchemaMember> member(String memberName) {
        if (members == null) {
            return Optional.empty();
        }
        return members.stream().filter(m -> memberName.equals(m.name())).findFirst();
    }
}
