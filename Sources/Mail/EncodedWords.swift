// PLACEHOLDER until the Mail module lands.
public enum EncodedWords {
    /// Decodes RFC 2047 encoded words in a header value.
    public static func decode(_ value: String) -> String { value }
}
