import Digest

/// Dates the formats print, from Unix seconds in UTC: RFC 5322 for the email's Date header,
/// RFC 3339 for Atom. Written out by hand like DateText: no formatter, no locale.
public enum TimeText {
    /// `Mon, 17 Nov 2025 10:00:00 +0000`.
    public static func rfc5322(_ seconds: Int64) -> String {
        let t = civil(seconds)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][t.month - 1]
        return "\(weekday), \(t.day) \(month) \(pad(t.year, 4)) \(pad(t.hour)):\(pad(t.minute)):\(pad(t.second)) +0000"
    }

    /// `2025-11-17T10:00:00Z`.
    public static func rfc3339(_ seconds: Int64) -> String {
        let t = civil(seconds)
        return "\(pad(t.year, 4))-\(pad(t.month))-\(pad(t.day))T\(pad(t.hour)):\(pad(t.minute)):\(pad(t.second))Z"
    }

    static func pad(_ v: Int, _ width: Int = 2) -> String { DateText.pad(v, width) }

    static func civil(_ seconds: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        DateText.civil(seconds)
    }
}
