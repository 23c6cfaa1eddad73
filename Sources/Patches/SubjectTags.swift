import Mail

/// What a mail is, judged by its subject.
public enum MailKind: String, Sendable {
    case patch, cover, pullRequest, reply, other
}

/// The tags of a patch mail's subject: `Re: [PATCH net-next v2 1/3] net: foo: fix bar`.
///
/// Rules (after b4 and patchwork, written here from their documented behaviour):
/// - Whitespace is collapsed first, so `brackets` hold the collapsed contents.
/// - Reply/forward markers (`Re:`, `RE:`, `Re[2]:`, `Re(2):`, `Aw:`, `Fwd:`, `Fw:`, `Antw:`, `SV:`, `VS:`,
///   `WG:`, `Odp:`, `TR:`, `RES:`, `ENC:`, `RIF:`, `YNT:`, `回复:`, `答复:`, `转发:` …) are peeled
///   wherever they stand among the leading bracket groups; a subsystem prefix (`mm:`) is not one.
/// - Every leading `[...]` group is peeled, including ones that only hold a version (`[PATCH] [v2] x`
///   is v2) or a free tag (`[PATCH][next] x`).
/// - A group's words are split on spaces and commas; `PATCHv3`, `PATCH-v3`, `RFCv2` are repaired;
///   `n/N`, `n / N`, `n of N` are counters; `vN`, `VN`, `vN.M` versions. A number above 99 999 is
///   not a counter or a version (it stays a free tag). The first counter and the first version win;
///   later ones are kept as free tags. A version may stand before or after the counter
///   (`[PATCH 00/10 v2]`, `[PATCH 1/3 v2]`) and may be written `-v2`.
/// - Kernel releases are not versions. A bare release (`5.10`, `6.1.y`, `5.15.170`) never is one. A
///   `vN.M` is the series version (`[PATCH v5.1]`, series do use minor versions) unless the subject
///   also says stable or AUTOSEL (StableBackport): then it names the release (`[PATCH stable v6.1]`
///   is v1 for 6.1), and so does a `vN.M` followed by a plain `vN` (`[PATCH stable v4.9 v2]` is v2).
///   A demoted `vN.M` joins the free tags.
/// - `backport` is set when the words mark a stable backport (StableBackport); its words stay free tags.
public struct SubjectTags: Sendable, Equatable {
    public var isReply: Bool = false
    public var brackets: [String] = []
    public var isPatch: Bool = false
    public var isPullRequest: Bool = false
    public var isRFC: Bool = false
    public var isResend: Bool = false
    public var version: PatchVersion = PatchVersion(major: 1)
    public var versionStated: Bool = false
    public var number: Int = 1
    public var total: Int = 1
    public var counterStated: Bool = false
    public var freeTags: [String] = []
    /// Set when the subject marks a stable backport (`[PATCH AUTOSEL 6.1 18/85]`, `[PATCH 6.6 012/140]`).
    public var backport: StableBackport?
    public var title: String = ""
    public var titleKey: String = ""
    public init() {}

    public var kind: MailKind {
        if isReply { return .reply }
        if isPullRequest { return .pullRequest }
        if isPatch && counterStated && number == 0 { return .cover }
        if isPatch { return .patch }
        return .other
    }

    /// Parses a subject that is already unfolded and RFC 2047-decoded.
    public static func parse(_ subject: String) -> SubjectTags {
        var tags = SubjectTags()
        var dottedVersion: String?   // a vN.M read so far: it may yet turn out to be a kernel version
        var rest = Substring(HeaderText.collapsingWhitespace(subject))
        while true {
            if rest.first == " " { rest = rest.dropFirst() }
            if let after = droppingReplyMarker(rest) {
                tags.isReply = true
                rest = after
                continue
            }
            if rest.first == "[", let close = rest.firstIndex(of: "]") {
                let contents = rest[rest.index(after: rest.startIndex)..<close]
                tags.brackets.append(String(TextScan.trimmed(contents)))
                tags.readGroup(contents, dottedVersion: &dottedVersion)
                rest = rest[rest.index(after: close)...]
                continue
            }
            break
        }
        if !tags.freeTags.isEmpty { tags.readBackport(dottedVersion: dottedVersion) }
        tags.title = String(TextScan.trimmed(rest))
        tags.titleKey = tags.title.lowercased()
        return tags
    }

    // MARK: - Reply markers

    private static let replyMarkers: Set<String> = [
        "re", "aw", "fwd", "fw", "antw", "sv", "vs", "wg", "odp", "tr", "res", "enc", "rif", "ynt",
        "回复", "答复", "转发", "回覆", "答覆", "轉寄",
    ]

    /// The text after a leading reply marker (`Re:`, `Re[2]:`, `AW :`, `回复：`), or nil.
    private static func droppingReplyMarker(_ text: Substring) -> Substring? {
        var i = text.startIndex
        var letters = 0
        while i != text.endIndex, text[i].isLetter, letters <= 4 {
            letters += 1
            i = text.index(after: i)
        }
        guard letters > 0, letters <= 4, replyMarkers.contains(text[text.startIndex..<i].lowercased()) else { return nil }
        // Optional reply count: Re[2]: or Re(2):
        if i != text.endIndex, let close: Character = text[i] == "[" ? "]" : (text[i] == "(" ? ")" : nil) {
            var j = text.index(after: i)
            var digits = 0
            while j != text.endIndex, text[j].isASCII, text[j].isNumber, digits < 6 {
                digits += 1
                j = text.index(after: j)
            }
            guard digits > 0, j != text.endIndex, text[j] == close else { return nil }
            i = text.index(after: j)
        }
        if i != text.endIndex, text[i] == " " { i = text.index(after: i) }   // "Re :" (French style)
        guard i != text.endIndex, text[i] == ":" || text[i] == "：" else { return nil }
        return text[text.index(after: i)...]
    }

    // MARK: - Bracket groups

    private mutating func readGroup(_ contents: Substring, dottedVersion: inout String?) {
        let words = Self.words(contents)
        var k = 0
        while k < words.count {
            let word = words[k]
            // Counters written over several words: "1 / 3", "1/ 3", "1 /3", "1 of 3".
            if k + 2 < words.count, TextScan.number(word) != nil, TextScan.number(words[k + 2]) != nil,
               words[k + 1] == "/" || TextScan.equalsIgnoringCase(words[k + 1], "of"),
               setCounter(words[k], words[k + 2]) {
                k += 3
                continue
            }
            if k + 1 < words.count, word.count > 1, word.hasSuffix("/"),
               setCounter(word.dropLast(), words[k + 1]) {
                k += 2
                continue
            }
            if k + 1 < words.count, words[k + 1].count > 1, words[k + 1].hasPrefix("/"),
               setCounter(word, words[k + 1].dropFirst()) {
                k += 2
                continue
            }
            if let slash = word.firstIndex(of: "/"), setCounter(word[..<slash], word[word.index(after: slash)...]) {
                k += 1
                continue
            }
            // Pull requests: GIT PULL, PULL, PULL REQUEST, PULL-REQUEST.
            var pull = k
            if TextScan.equalsIgnoringCase(word, "GIT"), k + 1 < words.count { pull = k + 1 }
            if TextScan.equalsIgnoringCase(words[pull], "PULL") || TextScan.equalsIgnoringCase(words[pull], "PULL-REQUEST") {
                isPullRequest = true
                k = pull + 1
                if k < words.count, TextScan.equalsIgnoringCase(words[k], "REQUEST") { k += 1 }
                continue
            }
            if readWord(word, dottedVersion: &dottedVersion) == false { freeTags.append(String(word)) }
            k += 1
        }
    }

    /// Reads one word (PATCH, RFC, RESEND, vN, PATCHv3 …); false when it is a free tag.
    private mutating func readWord(_ written: Substring, dottedVersion: inout String?) -> Bool {
        // "(RESEND)" reads as RESEND.
        var word = written
        if word.count > 2, word.first == "(", word.last == ")" { word = word.dropFirst().dropLast() }
        for marker in ["PATCHSET", "PATCHES", "PATCH", "RFC"] {
            guard let after = TextScan.dropPrefixIgnoringCase(word, marker) else { continue }
            if marker == "RFC", after.first == "/" {
                // RFC/RFT: an RFC, and the word is kept as written.
                isRFC = true
                isPatch = true
                return false
            }
            if !after.isEmpty {
                // PATCHv3, PATCH-v3, RFCv2: only when a valid version follows ("Patchwork" is a free tag).
                var versionText = after
                if let first = versionText.first, first == "-" || first == "_" { versionText = versionText.dropFirst() }
                guard let parsed = Self.version(versionText) else { return false }
                setVersion(parsed, written: versionText, dottedVersion: &dottedVersion)
            }
            isPatch = true
            if marker == "RFC" { isRFC = true }
            return true
        }
        if TextScan.equalsIgnoringCase(word, "RESEND") {
            isResend = true
            return true
        }
        // `-v2` (`[PATCH -v2]`): the dash of `PATCH-v2` written apart.
        var versionWord = word
        if word.utf8.first == UInt8(ascii: "-") { versionWord = word.dropFirst() }
        if let parsed = Self.version(versionWord) {
            // A two-digit minor names the kernel release a patch is for (`[PATCH v6.15 0/3]`,
            // `v5.10`): a series' re-spins are written v2.1, v5.1. It stays a free tag.
            if parsed.minor >= 10 { return false }
            return setVersion(parsed, written: versionWord, dottedVersion: &dottedVersion)
        }
        return false
    }

    /// Records a version unless one is stated already. A plain `vN` replaces an earlier `vN.M`, which
    /// was a kernel version (`[PATCH stable v4.9 v2]`): that one becomes a free tag.
    @discardableResult
    private mutating func setVersion(_ parsed: PatchVersion, written: Substring, dottedVersion: inout String?) -> Bool {
        if !versionStated {
            version = parsed
            versionStated = true
            dottedVersion = written.contains(".") ? String(written) : nil
            return true
        }
        if let dotted = dottedVersion, !written.contains(".") {
            freeTags.append(dotted)
            version = parsed
            dottedVersion = nil
            return true
        }
        return false
    }

    /// Sets `backport` from the free tags; with a stable word, a `vN.M` read as the version names
    /// the release instead (and becomes a free tag, the version then unstated).
    private mutating func readBackport(dottedVersion: String?) {
        guard let read = StableBackport.read(freeTags) else { return }
        var found = read.backport
        let marked = read.marked
        if found.tree == nil, let release = freeTags.first(where: { Self.version($0[...]).map { $0.minor >= 10 } ?? false }) {
            found = StableBackport(tree: String(release.dropFirst()), autoselected: found.autoselected)
        }
        if marked, versionStated, let dotted = dottedVersion {
            freeTags.append(dotted)
            version = PatchVersion(major: 1)
            versionStated = false
            if found.tree == nil {
                found = StableBackport(tree: String(dotted.dropFirst()), autoselected: found.autoselected)
            }
        }
        backport = found
    }

    /// The words of a bracket group: split on spaces, commas and colons, except inside braces
    /// (`stable-4.{4,9}` is one word).
    private static func words(_ contents: Substring) -> [Substring] {
        var words: [Substring] = []
        var start = contents.startIndex
        var depth = 0
        var i = start
        while i != contents.endIndex {
            let c = contents[i]
            if c == "{" { depth += 1 } else if c == "}", depth > 0 { depth -= 1 }
            // `[stable:PATCH]`: a colon separates words as a space does.
            if c == " " || ((c == "," || c == ":") && depth == 0) {
                if start != i { words.append(contents[start..<i]) }
                start = contents.index(after: i)
            }
            i = contents.index(after: i)
        }
        if start != contents.endIndex { words.append(contents[start...]) }
        return words
    }

    /// `v3`, `V3`, `v5.1`.
    static func version(_ word: Substring) -> PatchVersion? {
        guard let first = word.utf8.first, first == UInt8(ascii: "v") || first == UInt8(ascii: "V") else { return nil }
        let digits = word.utf8.dropFirst()
        if let dot = digits.firstIndex(of: UInt8(ascii: ".")) {
            guard let major = TextScan.number(digits[digits.startIndex..<dot]),
                  let minor = TextScan.number(digits[digits.index(after: dot)...]) else { return nil }
            return PatchVersion(major: major, minor: minor)
        }
        guard let major = TextScan.number(digits) else { return nil }
        return PatchVersion(major: major)
    }

    /// Records the counter `n/N` unless one was already read; false when the parts are not a counter.
    private mutating func setCounter(_ n: Substring, _ total: Substring) -> Bool {
        guard !counterStated, let n = TextScan.number(n), let total = TextScan.number(total), total >= 1 else { return false }
        number = n
        self.total = total
        counterStated = true
        isPatch = true
        return true
    }
}
