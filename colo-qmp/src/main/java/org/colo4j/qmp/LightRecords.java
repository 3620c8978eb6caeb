package org.colo4j.qmp;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a reply into a record of plain members without Jackson's data binding: a record whose
 * components are strings, booleans, whole or decimal numbers, or enums with a static
 * {@code fromWire(String)} (colo-qmp's QAPI enums), named by the component or by its
 * {@code @JsonProperty}. {@code query-status}, {@code query-colo-status} and the like then need no
 * {@code ObjectMapper}, whose first build is most of a cold start's cost.
 *
 * <p>It gives what the mapper gives, or gives up ({@link #FALLBACK}) and the mapper decodes: a
 * record with any other Jackson annotation or member type is never taken, and neither is a value of
 * an unexpected JSON type (which the mapper would coerce or reject with its own message). Unknown
 * members are skipped, missing ones are {@code null}, {@code 0} or {@code false}, unknown enum values
 * become what {@code fromWire} says (the enum's {@code UNKNOWN}), as with the mapper's settings.
 */
final class LightRecords {

    /** What {@link #decode} returns when the mapper must decode. */
    static final Object FALLBACK = new Object();

    /** How to build one record type; null from {@link #SHAPES} for a type the mapper must decode. */
    private record Shape(Constructor<?> constructor, Map<String, Integer> index, Class<?>[] types, Method[] fromWire,
                         Object[] defaults) {}

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            try {
                return shape(type);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    };

    private LightRecords() {}

    /** Decodes the JSON value {@code p} is before into {@code type}, or returns {@link #FALLBACK}. */
    static Object decode(JsonParser p, Class<?> type) {
        Shape shape = type.isRecord() ? SHAPES.get(type) : null;
        if (shape == null) {
            return FALLBACK;
        }
        try {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return FALLBACK;
            }
            Object[] args = shape.defaults().clone();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                Integer i = shape.index().get(p.currentName());
                JsonToken value = p.nextToken();
                if (i == null) {
                    p.skipChildren();
                    continue;
                }
                Object v = value(shape, i, value, p);
                if (v == FALLBACK) {
                    return FALLBACK;
                }
                args[i] = v;
            }
            if (t != JsonToken.END_OBJECT) {
                return FALLBACK;
            }
            return shape.constructor().newInstance(args);
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            return FALLBACK;
        }
    }

    private static Object value(Shape shape, int i, JsonToken token, JsonParser p) throws IOException,
            ReflectiveOperationException {
        Class<?> type = shape.types()[i];
        if (token == JsonToken.VALUE_NULL) {
            return type.isPrimitive() ? FALLBACK : null;
        }
        if (type == String.class) {
            return token == JsonToken.VALUE_STRING ? p.getText() : FALLBACK;
        }
        if (type == boolean.class || type == Boolean.class) {
            return token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : FALLBACK;
        }
        if (type == long.class || type == Long.class) {
            return token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                    ? (Object) p.getLongValue() : FALLBACK;
        }
        if (type == int.class || type == Integer.class) {
            return token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                    ? (Object) p.getIntValue() : FALLBACK;
        }
        if (type == double.class || type == Double.class) {
            return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT
                    ? (Object) p.getDoubleValue() : FALLBACK;
        }
        // an enum with fromWire
        return token == JsonToken.VALUE_STRING ? shape.fromWire()[i].invoke(null, p.getText()) : FALLBACK;
    }

    private static Shape shape(Class<?> type) throws ReflectiveOperationException {
        if (!Modifier.isPublic(type.getModifiers()) || jackson(type.getAnnotations())) {
            return null;
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Method[] fromWire = new Method[components.length];
        Object[] defaults = new Object[components.length];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Class<?> t = c.getType();
            if (!plain(t)) {
                if (!t.isEnum()) {
                    return null;
                }
                Method m = t.getMethod("fromWire", String.class);
                if (!Modifier.isStatic(m.getModifiers()) || m.getReturnType() != t) {
                    return null;
                }
                fromWire[i] = m;
            }
            String name = wireName(c);
            if (name == null || index.put(name, i) != null) {
                return null;
            }
            types[i] = t;
            defaults[i] = t == boolean.class ? Boolean.FALSE : t == long.class ? (Object) 0L : t == int.class ? (Object) 0
                    : t == double.class ? (Object) 0.0 : null;
        }
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        if (!Modifier.isPublic(constructor.getModifiers())) {
            return null;
        }
        for (Annotation[] onParameter : constructor.getParameterAnnotations()) {
            if (!onlyJsonProperty(onParameter)) {
                return null;
            }
        }
        return new Shape(constructor, index, types, fromWire, defaults);
    }

    private static boolean plain(Class<?> t) {
        return t == String.class || t == boolean.class || t == Boolean.class || t == long.class || t == Long.class
                || t == int.class || t == Integer.class || t == double.class || t == Double.class;
    }

    /** The member's name on the wire; null if the component carries annotations the mapper must honour. */
    private static String wireName(RecordComponent c) throws ReflectiveOperationException {
        List<Annotation> all = new ArrayList<>(List.of(c.getAnnotations()));
        all.addAll(List.of(c.getAccessor().getAnnotations()));
        all.addAll(List.of(c.getDeclaringRecord().getDeclaredField(c.getName()).getAnnotations()));
        String name = c.getName();
        for (Annotation a : all) {
            if (a instanceof JsonProperty p) {
                if (p.access() != JsonProperty.Access.AUTO || p.value().isEmpty()) {
                    return null;
                }
                name = p.value();
            } else if (jackson(new Annotation[] {a})) {
                return null;
            }
        }
        return name;
    }

    private static boolean onlyJsonProperty(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (!(a instanceof JsonProperty) && jackson(new Annotation[] {a})) {
                return false;
            }
        }
        return true;
    }

    private static boolean jackson(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a.annotationType().getName().startsWith("com.fasterxml.jackson.")) {
                return true;
            }
        }
        return false;
    }
}
