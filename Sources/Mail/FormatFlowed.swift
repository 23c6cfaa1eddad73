/// Undoes RFC 3676 format=flowed: lines ending in a space are soft breaks and
/// are joined with the next line of the same quote depth.
enum FormatFlowed {
    static func unflow(_ text: String, delSp: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var paragraph: [UInt8] = []
        var paragraphDepth = -1
        let lines = Array(text.utf8).split(separator: Bytes.lf, omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            var depth = 0
            var content = line[...]
            while content.first == UInt8(ascii: ">") {
                depth += 1
                content = content.dropFirst()
            }
            if content.first == Bytes.space { content = content.dropFirst() }   // space-stuffing
            let isSignature = content.elementsEqual("-- ".utf8)
            let flowed = !isSignature && content.last == Bytes.space
            if flowed, delSp { content = content.dropLast() }
            if paragraphDepth >= 0, paragraphDepth != depth {
                // A flowed line followed by a different quote depth: the paragraph ends.
                emit(paragraph, depth: paragraphDepth, into: &out)
                out.append(Bytes.lf)
                paragraph = []
                paragraphDepth = -1
            }
            paragraph.append(contentsOf: content)
            paragraphDepth = depth
            if !flowed {
                emit(paragraph, depth: depth, into: &out)
                if number < lines.count - 1 { out.append(Bytes.lf) }
                paragraph = []
                paragraphDepth = -1
            }
        }
        if paragraphDepth >= 0 { emit(paragraph, depth: paragraphDepth, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    private static func emit(_ line: [UInt8], depth: Int, into out: inout [UInt8]) {
        guard depth > 0 else {
            out.append(contentsOf: line)
            return
        }
        out.append(contentsOf: repeatElement(UInt8(ascii: ">"), count: depth))
        guard !line.isEmpty else { return }
        out.append(Bytes.space)
        out.append(contentsOf: line)
    }
}
