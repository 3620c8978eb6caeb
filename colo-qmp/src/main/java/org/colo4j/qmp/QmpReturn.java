package org.colo4j.qmp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.Objects;

/**
 * How the {@code return} member of a QMP reply is turned into a Java value.
 *
 * <p>Decoding never fails on reply members or enum values this version of colo4j does not know:
 * unknown members are ignored and unknown enum values map to the enum's {@code UNKNOWN} constant.
 *
 * @param <R> the decoded type
 */
public final class QmpReturn<R> {

    private static final QmpReturn<Void> NONE = new QmpReturn<>(null, null, Kind.NONE);
    private static final QmpReturn<JsonNode> RAW = new QmpReturn<>(null, null, Kind.RAW);

    enum Kind { NONE, RAW, CLASS, TYPE_REFERENCE }

    private final Class<R> type;
    private final TypeReference<R> typeReference;
    private final Kind kind;
    /** Built on first decode and kept: an ObjectReader per reply instead of one per call. */
    private volatile ObjectReader reader;

    private QmpReturn(Class<R> type, TypeReference<R> typeReference, Kind kind) {
        this.type = type;
        this.typeReference = typeReference;
        this.kind = kind;
    }

    /** The reply is an empty object and is discarded; the call yields {@code null}. */
    public static QmpReturn<Void> none() {
        return NONE;
    }

    /** The reply is handed over untouched as a Jackson tree. */
    public static QmpReturn<JsonNode> raw() {
        return RAW;
    }

    /** The reply is mapped onto {@code type} (a record, enum, String, Long, ...). */
    public static <R> QmpReturn<R> of(Class<R> type) {
        return new QmpReturn<>(Objects.requireNonNull(type, "type"), null, Kind.CLASS);
    }

    /** The reply is mapped onto a generic type such as {@code List<BlockInfo>}. */
    public static <R> QmpReturn<R> of(TypeReference<R> type) {
        return new QmpReturn<>(null, Objects.requireNonNull(type, "type"), Kind.TYPE_REFERENCE);
    }

    Kind kind() {
        return kind;
    }

    Class<R> type() {
        return type;
    }

    TypeReference<R> typeReference() {
        return typeReference;
    }

    /** Jackson's reader for this type (CLASS and TYPE_REFERENCE only). */
    ObjectReader reader() {
        ObjectReader r = reader;
        if (r == null) {
            r = QmpJson.readerFor(this);
            reader = r;
        }
        return r;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "QmpReturn.none()";
            case RAW -> "QmpReturn.raw()";
            case CLASS -> "QmpReturn.of(" + type.getSimpleName() + ")";
            case TYPE_REFERENCE -> "QmpReturn.of(" + typeReference.getType().getTypeName() + ")";
        };
    }
}
