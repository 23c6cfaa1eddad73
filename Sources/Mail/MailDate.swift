/// A point in time from a Date field, with the zone offset the sender wrote.
public struct MailDate: Hashable, Sendable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// The written zone offset in minutes east of UTC (`+0100` is 60).
    public var offsetMinutes: Int

    public init(seconds: Int64, offsetMinutes: Int) {
        self.seconds = seconds
        self.offsetMinutes = offsetMinutes
    }

    /// Ordered by instant; equal instants by offset, to agree with `==`.
    public static func < (lhs: MailDate, rhs: MailDate) -> Bool {
        lhs.seconds != rhs.seconds ? lhs.seconds < rhs.seconds : lhs.offsetMinutes < rhs.offsetMinutes
    }
}

/// RFC 5322 dates and the variants mailers actually produce. Tokens are
/// classified by shape (month name, `hh:mm[:ss]`, `±hhmm`, numbers) rather than
/// by position, so a missing weekday, swapped day and month name, missing
/// seconds, obsolete zone names or trailing comments do not matter.
public enum DateParser {
    public static func parse(_ value: String) -> MailDate? {
        var fields = DateFields()
        var tokenizer = DateTokenizer(bytes: Array(value.utf8.prefix(512)))
        var tokenCount = 0
        while let token = tokenizer.next(afterTime: fields.hour != nil), tokenCount < 64 {
            fields.take(token)
            tokenCount += 1
        }
        return fields.resolve()
    }
}

enum DateToken {
    case word([UInt8])                  // lower-cased letters
    case number(value: Int, digits: Int)
    case time(hour: Int, minute: Int, second: Int)
    case offset(minutes: Int?)         // nil: malformed offset
    case isoDate(year: Int, month: Int, day: Int)
}

/// What has been recognised so far; the first of each kind wins.
struct DateFields {
    var day: Int?
    var month: Int?
    var year: Int?
    var yearDigits = 4
    var hour: Int?
    var minute = 0
    var second = 0
    var offset: Int?
    var zoneName: Int?
    var pm: Bool?

    mutating func take(_ token: DateToken) {
        switch token {
        case .word(let letters):
            if month == nil, let m = DateNames.month(letters) {
                month = m
            } else if letters == [0x61, 0x6D] || letters == [0x70, 0x6D] {   // "am", "pm"
                pm = letters[0] == 0x70
            } else if hour != nil, zoneName == nil, let z = DateNames.zone(letters) {
                zoneName = z
            }
        case .number(let value, let digits):
            if digits >= 3 || value > 31 {
                if year == nil { year = value; yearDigits = digits }
            } else if day == nil {
                day = value
            } else if year == nil {
                year = value
                yearDigits = digits
            }
        case .time(let h, let m, let s):
            if hour == nil { hour = h; minute = m; second = s }
        case .offset(let minutes):
            if offset == nil { offset = minutes ?? 0 }
        case .isoDate(let y, let m, let d):
            if year == nil, month == nil, day == nil {
                year = y
                month = m
                day = d
            }
        }
    }

    func resolve() -> MailDate? {
        guard let day, let month, var year else { return nil }
        guard (1...31).contains(day), (1...12).contains(month) else { return nil }
        switch yearDigits {
        case ...2: year += year < 50 ? 2000 : 1900   // RFC 5322 §4.3
        case 3: year += 1900
        default: break
        }
        guard (1...9999).contains(year) else { return nil }
        var h = hour ?? 0
        if let pm, h >= 1, h <= 12 { h = pm ? (h % 12) + 12 : h % 12 }
        guard h <= 23, minute <= 59, second <= 60 else { return nil }
        let zone = offset ?? zoneName ?? 0
        let days = CivilDate.days(year: year, month: month, day: day)
        let local = days * 86_400 + Int64(h * 3600 + minute * 60 + second)
        return MailDate(seconds: local - Int64(zone * 60), offsetMinutes: zone)
    }
}

/// Breaks a date into tokens. Comments in parentheses are skipped; commas, dots,
/// slashes and whitespace separate.
struct DateTokenizer {
    let bytes: [UInt8]
    var i = 0
    var previous: DateToken?

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func next(afterTime: Bool) -> DateToken? {
        while i < bytes.count {
            let c = bytes[i]
            let spaceBefore = i == 0 || Bytes.isWhitespace(bytes[i - 1])
            if c == UInt8(ascii: "(") {
                skipComment()
            } else if Bytes.isAlpha(c) {
                return remember(.word(run(Bytes.isAlpha).map(Bytes.lower)))
            } else if Bytes.isDigit(c) {
                return remember(numeric())
            } else if (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")), i + 1 < bytes.count, Bytes.isDigit(bytes[i + 1]),
                      c == UInt8(ascii: "+") || spaceBefore || afterTime || previousIsZoneWord {
                i += 1
                return remember(.offset(minutes: offset(sign: c == UInt8(ascii: "-") ? -1 : 1)))
            } else {
                i += 1
            }
        }
        return nil
    }

    private var previousIsZoneWord: Bool {
        if case .word(let letters)? = previous { return DateNames.zone(letters) != nil }
        return false
    }

    private mutating func remember(_ token: DateToken) -> DateToken {
        previous = token
        return token
    }

    private mutating func run(_ predicate: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        let start = i
        while i < bytes.count, predicate(bytes[i]) { i += 1 }
        return bytes[start..<i]
    }

    /// Digits, then what follows decides: `:` makes a time, `-digits-digits` after
    /// four digits makes an ISO date, anything else leaves a plain number.
    private mutating func numeric() -> DateToken {
        let digits = run(Bytes.isDigit)
        let value = DateTokenizer.value(digits)
        if i < bytes.count, bytes[i] == UInt8(ascii: ":") {
            return time(first: value)
        }
        if digits.count == 4, let (month, day) = isoMonthDay() {
            return .isoDate(year: value, month: month, day: day)
        }
        return .number(value: value, digits: digits.count)
    }

    private mutating func time(first hour: Int) -> DateToken {
        var parts = [hour]
        while parts.count < 3, i + 1 < bytes.count, bytes[i] == UInt8(ascii: ":"), Bytes.isDigit(bytes[i + 1]) {
            i += 1
            parts.append(DateTokenizer.value(run(Bytes.isDigit)))
        }
        // Fractional seconds (ISO style) carry nothing we keep.
        if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "."), Bytes.isDigit(bytes[i + 1]) {
            i += 1
            _ = run(Bytes.isDigit)
        }
        guard parts.count >= 2 else { return .time(hour: 99, minute: 0, second: 0) }
        return .time(hour: parts[0], minute: parts[1], second: parts.count > 2 ? parts[2] : 0)
    }

    private mutating func isoMonthDay() -> (Int, Int)? {
        let save = i
        guard i < bytes.count, bytes[i] == UInt8(ascii: "-") else { return nil }
        i += 1
        let month = run(Bytes.isDigit)
        guard (1...2).contains(month.count), i < bytes.count, bytes[i] == UInt8(ascii: "-") else { i = save; return nil }
        i += 1
        let day = run(Bytes.isDigit)
        guard (1...2).contains(day.count) else { i = save; return nil }
        // "2023-01-05T20:48:25": the T only joins date and time.
        if i < bytes.count, bytes[i] == UInt8(ascii: "T") || bytes[i] == UInt8(ascii: "t") { i += 1 }
        return (DateTokenizer.value(month), DateTokenizer.value(day))
    }

    /// `hhmm`, `hh:mm` or `hh` after the sign; nil minutes when malformed.
    private mutating func offset(sign: Int) -> Int? {
        let first = run(Bytes.isDigit)
        var hours: Int
        var minutes = 0
        switch first.count {
        case 4:
            hours = DateTokenizer.value(first[first.startIndex..<(first.startIndex + 2)])
            minutes = DateTokenizer.value(first[(first.startIndex + 2)...])
        case 1, 2:
            hours = DateTokenizer.value(first)
            if i + 1 < bytes.count, bytes[i] == UInt8(ascii: ":"), Bytes.isDigit(bytes[i + 1]) {
                i += 1
                let m = run(Bytes.isDigit)
                guard m.count == 2 else { return nil }
                minutes = DateTokenizer.value(m)
            }
        default:
            return nil
        }
        guard hours <= 23, minutes <= 59 else { return nil }
        return sign * (hours * 60 + minutes)
    }

    private mutating func skipComment() {
        var depth = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "(") { depth += 1 }
            if bytes[i] == UInt8(ascii: ")") { depth -= 1 }
            i += 1
            if depth == 0 { return }
        }
    }

    /// Decimal value of a digit run; runs too long to be a date part saturate to
    /// a value every range check rejects.
    static func value(_ digits: ArraySlice<UInt8>) -> Int {
        guard digits.count <= 9 else { return 999_999_999 }
        var v = 0
        for d in digits { v = v * 10 + Int(d &- 0x30) }
        return v
    }
}

enum DateNames {
    private static let months: [[UInt8]] = ["jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"].map { Array($0.utf8) }

    /// 1...12 for a month name or its three-letter (or longer) prefix.
    static func month(_ letters: [UInt8]) -> Int? {
        guard letters.count >= 3 else { return nil }
        let prefix = letters[0..<3]
        guard let index = months.firstIndex(where: { $0.elementsEqual(prefix) }) else { return nil }
        return index + 1
    }

    /// Offsets of the zone names RFC 5322 §4.3 keeps, plus a few unambiguous
    /// ones mailers still emit. Military single letters mean nothing reliable
    /// and count as UTC, as the RFC advises.
    static func zone(_ letters: [UInt8]) -> Int? {
        if letters.count == 1 { return 0 }
        switch String(decoding: letters, as: UTF8.self) {
        case "ut", "utc", "gmt", "z", "wet": return 0
        case "est": return -300
        case "edt": return -240
        case "cst": return -360
        case "cdt": return -300
        case "mst": return -420
        case "mdt": return -360
        case "pst": return -480
        case "pdt": return -420
        case "cet", "met", "west", "bst": return 60
        case "cest", "mest", "eet": return 120
        case "eest", "msk": return 180
        case "jst", "kst": return 540
        case "aest": return 600
        case "aedt": return 660
        default: return nil
        }
    }
}
