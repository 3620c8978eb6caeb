package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A variant of a union {@link SchemaInfo}: when the tag member has value {@code case}, the
 * members of {@code type} apply too.
 *
 * @param caseName the tag value (QMP member {@code case}), e.g. {@code "inet"}
 * @param type the (masked) object type name holding that variant's members
 */
public record SchemaVariant(@JsonProperty("case") String caseName, String type) {}
