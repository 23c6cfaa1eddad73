/// The `Encoder` side of PrettyJSON: Codable's containers, each writing into the value its
/// encoder stands for.
final class ValueEncoder: Encoder {
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var value: PrettyJSON.Value?

    init(codingPath: [CodingKey]) { self.codingPath = codingPath }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(members: members(), codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        UnkeyedContainer(elements: elements(), codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleContainer(encoder: self) }

    /// The object this encoder writes; asking twice gives the same one.
    func members() -> PrettyJSON.Members {
        if case .object(let members)? = value { return members }
        let members = PrettyJSON.Members()
        value = .object(members)
        return members
    }

    func elements() -> PrettyJSON.Elements {
        if case .array(let elements)? = value { return elements }
        let elements = PrettyJSON.Elements()
        value = .array(elements)
        return elements
    }
}

/// A key that names an array element in a coding path.
private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let members: PrettyJSON.Members
    let codingPath: [CodingKey]

    private func put(_ value: PrettyJSON.Value, _ key: Key) {
        members.keys.append(key.stringValue)
        members.values.append(value)
    }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { throw PrettyJSON.refuse(value, codingPath + [key]) }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw PrettyJSON.refuse(value, codingPath + [key]) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(PrettyJSON.integer(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(PrettyJSON.integer(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(PrettyJSON.integer(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(PrettyJSON.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(PrettyJSON.integer(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(PrettyJSON.integer(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(PrettyJSON.integer(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(PrettyJSON.integer(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(PrettyJSON.integer(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        put(try PrettyJSON.box(value, codingPath: codingPath + [key]), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = PrettyJSON.Members()
        put(.object(nested), key)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(members: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let nested = PrettyJSON.Elements()
        put(.array(nested), key)
        return UnkeyedContainer(elements: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> Encoder {
        // The super value is an object of its own under the key.
        let nested = PrettyJSON.Members()
        members.keys.append(name)
        members.values.append(.object(nested))
        let encoder = ValueEncoder(codingPath: codingPath)
        encoder.value = .object(nested)
        return encoder
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer, ValueSink {
    let elements: PrettyJSON.Elements
    let codingPath: [CodingKey]
    var count: Int { elements.items.count }

    var nextPath: [CodingKey] { codingPath + [IndexKey(count)] }
    func put(_ value: PrettyJSON.Value) { elements.items.append(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = PrettyJSON.Members()
        let path = nextPath
        put(.object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(members: nested, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let nested = PrettyJSON.Elements()
        let path = nextPath
        put(.array(nested))
        return UnkeyedContainer(elements: nested, codingPath: path)
    }

    mutating func superEncoder() -> Encoder {
        let nested = PrettyJSON.Members()
        let encoder = ValueEncoder(codingPath: nextPath)
        put(.object(nested))
        encoder.value = .object(nested)
        return encoder
    }
}

private struct SingleContainer: SingleValueEncodingContainer, ValueSink {
    let encoder: ValueEncoder
    var codingPath: [CodingKey] { encoder.codingPath }
    var nextPath: [CodingKey] { codingPath }

    func put(_ value: PrettyJSON.Value) { encoder.value = value }
}

/// The single values an unkeyed and a single-value container take, written once for both.
private protocol ValueSink {
    /// The coding path of the value written next.
    var nextPath: [CodingKey] { get }
    func put(_ value: PrettyJSON.Value)
}

extension ValueSink {
    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { throw PrettyJSON.refuse(value, nextPath) }
    mutating func encode(_ value: Float) throws { throw PrettyJSON.refuse(value, nextPath) }
    mutating func encode(_ value: Int) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { put(PrettyJSON.integer(value)) }
    mutating func encode(_ value: Int16) throws { put(PrettyJSON.integer(value)) }
    mutating func encode(_ value: Int32) throws { put(PrettyJSON.integer(value)) }
    mutating func encode(_ value: Int64) throws { put(PrettyJSON.integer(value)) }
    mutating func encode(_ value: UInt) throws { put(PrettyJSON.integer(value)) }
    mutating func encode(_ value: UInt8) throws { put(PrettyJSON.integer(value)) }
    mutating func encode(_ value: UInt16) throws { put(PrettyJSON.integer(value)) }
    mutating func encode(_ value: UInt32) throws { put(PrettyJSON.integer(value)) }
    mutating func encode(_ value: UInt64) throws { put(PrettyJSON.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { put(try PrettyJSON.box(value, codingPath: nextPath)) }
}
