import Foundation
import Mail

/// ISO 8601 text for dates, in the writer's own offset (`2025-11-17T10:15:00+01:00`), and the
/// reverse for command-line dates. Written out by hand: Foundation's formatters are slow and
/// their behaviour differs between platforms.
public enum DateText {
    public static func iso(_ date: MailDate) -> String {
        let local = date.seconds &+ Int64(date.offsetMinutes) &* 60
        let (y, m, d, hh, mm, ss) = civil(local)
        let sign = date.offsetMinutes < 0 ? "-" : "+"
        let off = abs(date.offsetMinutes)
        return "\(pad(y, 4))-\(pad(m))-\(pad(d))T\(pad(hh)):\(pad(mm)):\(pad(ss))\(sign)\(pad(off / 60)):\(pad(off % 60))"
    }

    /// `2025-11-17` of a UTC time.
    public static func day(_ seconds: Int64) -> String {
        let (y, m, d, _, _, _) = civil(seconds)
        return "\(pad(y, 4))-\(pad(m))-\(pad(d))"
    }

    /// `2025-11-18 10:00 UTC`: a moment people read, such as the time of an update.
    public static func minute(_ seconds: Int64) -> String {
        let (y, m, d, hh, mm, _) = civil(seconds)
        return "\(pad(y, 4))-\(pad(m))-\(pad(d)) \(pad(hh)):\(pad(mm)) UTC"
    }

    /// Parses `2025-11-17`, `2025-11-17T10:15`, `2025-11-17 10:15:00`, with an optional `Z` or
    /// `+01:00`, `@<unix seconds>`, and `N hours|days|weeks ago` relative to `now`.
    public static func parse(_ text: String, now: Int64) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t.hasPrefix("@") { return Int64(t.dropFirst()) }
        if t == "now" { return now }
        if t == "yesterday" { return now - 86_400 }
        let words = t.split(separator: " ")
        if words.count == 3, words[2] == "ago", let n = Int64(words[0]), n >= 0, n < 1_000_000 {
            let unit = words[1].hasSuffix("s") ? words[1].dropLast() : words[1]
            let scale: Int64? = ["minute": 60, "hour": 3600, "day": 86_400, "week": 604_800][String(unit)]
            return scale.map { now - n * $0 }
        }
        return parseISO(t)
    }

    private static func parseISO(_ t: String) -> Int64? {
        let chars = Array(t.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var v = 0
            for c in chars[from..<from + count] {
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = number(0, 4), chars.count >= 10, chars[4] == 45, let m = number(5, 2), chars[7] == 45,
              let d = number(8, 2), (1...12).contains(m), (1...31).contains(d) else { return nil }
        var seconds = CivilDate.days(year: y, month: m, day: d) * 86_400
        var i = 10
        if i < chars.count, chars[i] == UInt8(ascii: "t") || chars[i] == 32 {
            guard let hh = number(i + 1, 2), i + 3 < chars.count, chars[i + 3] == 58, let mm = number(i + 4, 2),
                  hh < 24, mm < 60 else { return nil }
            seconds += Int64(hh * 3600 + mm * 60)
            i += 6
            if i < chars.count, chars[i] == 58, let ss = number(i + 1, 2), ss < 61 {
                seconds += Int64(ss)
                i += 3
            }
        }
        if i < chars.count {
            if chars[i] == UInt8(ascii: "z") && i + 1 == chars.count { return seconds }
            guard chars[i] == 43 || chars[i] == 45, let oh = number(i + 1, 2) else { return nil }
            var j = i + 3
            if j < chars.count, chars[j] == 58 { j += 1 }
            guard let om = number(j, 2), j + 2 == chars.count else { return nil }
            let offset = Int64(oh * 3600 + om * 60)
            seconds += chars[i] == 43 ? -offset : offset
        }
        return seconds
    }

    public static func pad(_ v: Int, _ width: Int = 2) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Year, month, day, hour, minute, second of UTC seconds.
    public static func civil(_ seconds: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rem = Int(seconds - days * 86_400)
        let (y, m, d) = CivilDate.date(days: days)
        return (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
    }
}
