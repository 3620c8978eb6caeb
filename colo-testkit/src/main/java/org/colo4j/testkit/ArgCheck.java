package org.colo4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/**
 * Argument checks with the messages of QEMU's QAPI input visitor, e.g.
 * {@code "Parameter 'uri' is missing"} and {@code "Invalid parameter type for 'writable', expected: boolean"}.
 */
final class ArgCheck {

    private ArgCheck() {}

    /** Rejects members other than {@code allowed}: {@code "Parameter 'X' is unexpected"}. */
    static void only(ObjectNode args, String... allowed) {
        Set<String> ok = Set.of(allowed);
        Iterator<String> names = args.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!ok.contains(n)) {
                throw QmpError.generic("Parameter '" + n + "' is unexpected");
            }
        }
    }

    /** A required string member. */
    static String string(JsonNode args, String name) {
        JsonNode v = args.get(name);
        if (v == null) {
            throw QmpError.generic("Parameter '" + name + "' is missing");
        }
        if (!v.isTextual()) {
            throw QmpError.generic("Invalid parameter type for '" + name + "', expected: string");
        }
        return v.asText();
    }

    /** An optional string member; null when absent. */
    static String optionalString(JsonNode args, String name) {
        return args.has(name) ? string(args, name) : null;
    }

    /** An optional boolean member. */
    static boolean bool(JsonNode args, String name, boolean dflt) {
        JsonNode v = args.get(name);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw QmpError.generic("Invalid parameter type for '" + name + "', expected: boolean");
        }
        return v.asBoolean();
    }

    /** A required object member. */
    static ObjectNode object(JsonNode args, String name) {
        JsonNode v = args.get(name);
        if (v == null) {
            throw QmpError.generic("Parameter '" + name + "' is missing");
        }
        if (!v.isObject()) {
            throw QmpError.generic("Invalid parameter type for '" + name + "', expected: object");
        }
        return (ObjectNode) v;
    }

    /** A required array member. */
    static JsonNode array(JsonNode args, String name) {
        JsonNode v = args.get(name);
        if (v == null) {
            throw QmpError.generic("Parameter '" + name + "' is missing");
        }
        if (!v.isArray()) {
            throw QmpError.generic("Invalid parameter type for '" + name + "', expected: array");
        }
        return v;
    }

    /** A port given as QAPI's string (InetSocketAddress) or, leniently, as a number. */
    static String port(JsonNode address, String where) {
        JsonNode p = address.get("port");
        if (p == null) {
            throw QmpError.generic("Parameter '" + where + "port' is missing");
        }
        return p.asText();
    }
}
