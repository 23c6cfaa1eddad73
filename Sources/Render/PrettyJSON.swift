/// Encodes a value as the JSON that Foundation's `JSONEncoder` writes with `.prettyPrinted`,
/// `.sortedKeys` and `.withoutEscapingSlashes` (two-space indents, `"key" : value`, keys in byte
/// order, empty containers opened and closed on their own lines), straight to UTF-8 — but for
/// strings, written by `JSONString`: the C1 controls, DEL, U+2028/U+2029 and the bidirectional
/// controls JSONEncoder writes raw are `\uXXXX` here.
///
/// Why not JSONEncoder itself: on a whole archive's report (8 MB of JSON) it takes a fifth of a
/// second on the one thread left after the scan, most of it boxing values and escaping strings
/// a character at a time; this writes the same bytes several times faster. RenderTests compare
/// the two outputs on every report they make.
///
/// It holds what the report holds: strings, integers, booleans, nil, arrays and keyed objects.
/// Floating-point numbers are refused (their text differs between encoders). A key written twice
/// into one object is written twice (JSONEncoder keeps the last value); synthesized Codable
/// never does that.
public enum PrettyJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(try box(value, codingPath: []), depth: 0, into: &out)
        return out
    }

    /// The same bytes handed to `spill` a chunk at a time (`spill` empties the buffer; what is
    /// left at the end is the caller's): a report holding a string of hundreds of megabytes of
    /// JSON is never held whole. `compact` writes it on one line, as `encodeCompact`.
    static func encode<T: Encodable>(_ value: T, compact: Bool, into out: inout [UInt8],
                                     spill: (inout [UInt8]) throws -> Void) throws {
        let boxed = try box(value, codingPath: [])
        if compact { try writeCompact(boxed, into: &out, spill: spill) }
        else { try write(boxed, depth: 0, into: &out, spill: spill) }
    }

    /// The same value on one line, as JSONEncoder writes it with `.sortedKeys` and
    /// `.withoutEscapingSlashes` (no spaces): one document per line, for JSON Lines.
    public static func encodeCompact<T: Encodable>(_ value: T) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        writeCompact(try box(value, codingPath: []), into: &out)
        return out
    }

    // MARK: - Values

    enum Value {
        case null, bool(Bool), int(Int64), uint(UInt64), string(String), array(Elements), object(Members)
    }

    /// Reference types: an encoder's containers are handed out by value and must all write into
    /// the one object they stand for.
    final class Elements { var items: [Value] = [] }
    final class Members { var keys: [String] = []; var values: [Value] = [] }

    static func box<T: Encodable>(_ value: T, codingPath: [CodingKey]) throws -> Value {
        switch value {
        case let text as String: return .string(text)
        case let number as Int: return .int(Int64(number))
        case let flag as Bool: return .bool(flag)
        default:
            let encoder = ValueEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            // A value that encodes nothing is an empty object, as JSONEncoder writes it.
            return encoder.value ?? .object(Members())
        }
    }

    static func integer<I: BinaryInteger>(_ number: I) -> Value {
        number < 0 ? .int(Int64(number)) : .uint(UInt64(number))
    }

    static func refuse(_ number: Any, _ codingPath: [CodingKey]) -> EncodingError {
        EncodingError.invalidValue(number, .init(codingPath: codingPath,
                                                 debugDescription: "PrettyJSON holds no floating-point numbers"))
    }

    // MARK: - Writing

    static func write(_ value: Value, depth: Int, into out: inout [UInt8]) {
        write(value, depth: depth, into: &out, spill: { _ in })
    }

    static func write(_ value: Value, depth: Int, into out: inout [UInt8],
                      spill: (inout [UInt8]) throws -> Void) rethrows {
        switch value {
        case .null: out += "null".utf8
        case .bool(let flag): out += (flag ? "true" : "false").utf8
        case .int(let number): out += String(number).utf8
        case .uint(let number): out += String(number).utf8
        case .string(let text): try JSONString.write(text, into: &out, spill: spill)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, item) in elements.items.enumerated() {
                out += i == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A]
                indent(depth + 1, &out)
                try write(item, depth: depth + 1, into: &out, spill: spill)
            }
            close(UInt8(ascii: "]"), empty: elements.items.isEmpty, depth: depth, &out)
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // Byte order of the UTF-8 keys, as JSONEncoder sorts them ("aB" before "aa").
            let order = members.keys.indices.sorted { members.keys[$0].utf8.lexicographicallyPrecedes(members.keys[$1].utf8) }
            for (n, i) in order.enumerated() {
                out += n == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A]
                indent(depth + 1, &out)
                JSONString.write(members.keys[i], into: &out)
                out += " : ".utf8
                try write(members.values[i], depth: depth + 1, into: &out, spill: spill)
            }
            close(UInt8(ascii: "}"), empty: members.keys.isEmpty, depth: depth, &out)
        }
    }

    static func writeCompact(_ value: Value, into out: inout [UInt8]) {
        writeCompact(value, into: &out, spill: { _ in })
    }

    static func writeCompact(_ value: Value, into out: inout [UInt8], spill: (inout [UInt8]) throws -> Void) rethrows {
        switch value {
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, item) in elements.items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try writeCompact(item, into: &out, spill: spill)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let order = members.keys.indices.sorted { members.keys[$0].utf8.lexicographicallyPrecedes(members.keys[$1].utf8) }
            for (n, i) in order.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                JSONString.write(members.keys[i], into: &out)
                out.append(UInt8(ascii: ":"))
                try writeCompact(members.values[i], into: &out, spill: spill)
            }
            out.append(UInt8(ascii: "}"))
        default:
            // Scalars read the same either way.
            try write(value, depth: 0, into: &out, spill: spill)
        }
    }

    private static func close(_ bracket: UInt8, empty: Bool, depth: Int, _ out: inout [UInt8]) {
        out.append(0x0A)
        if empty { out.append(0x0A) }
        indent(depth, &out)
        out.append(bracket)
    }

    private static func indent(_ depth: Int, _ out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }
}
