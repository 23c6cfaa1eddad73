import Glibc

/// Substring tests on a String's UTF-8 bytes (memchr for the first byte, then a compare):
/// the generic collection search costs more than the rest of a patch mail's handling.
enum ByteSearch {
    static func contains(_ text: String, _ needle: StaticString) -> Bool {
        var text = text
        let count = needle.utf8CodeUnitCount
        return text.withUTF8 { haystack in
            guard let base = haystack.baseAddress, count > 0, haystack.count >= count else { return false }
            let first = Int32(needle.utf8Start.pointee)
            var offset = 0
            while offset + count <= haystack.count {
                guard let hit = memchr(base + offset, first, haystack.count - offset - count + 1) else { return false }
                let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                if memcmp(base + at, needle.utf8Start, count) == 0 { return true }
                offset = at + 1
            }
            return false
        }
    }
}
