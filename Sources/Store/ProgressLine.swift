import Foundation

/// A progress line on stderr for long fetches and scans (`kvm: reading 1200/21367 messages, 8400/s,
/// ETA 0:02`), redrawn in place at most five times a second and erased when done. Disabled (it
/// prints nothing) when stderr is not a terminal or with --quiet: cron mails only what matters.
public final class ProgressLine {
    public let enabled: Bool
    private var label = ""
    private var unit = ""
    private var total: Int?
    private var done = 0
    private var started = Date()
    private var drawn: Date?

    public init(enabled: Bool) { self.enabled = enabled }

    /// Enabled when stderr is a terminal and not silenced.
    public static func forTerminal(quiet: Bool) -> ProgressLine {
        ProgressLine(enabled: !quiet && isatty(2) == 1)
    }

    public func begin(_ label: String, unit: String = "messages", total: Int?) {
        self.label = label
        self.unit = unit
        self.total = total
        done = 0
        started = Date()
        drawn = nil
    }

    public func advance(by count: Int = 1) {
        done += count
        guard enabled else { return }
        let now = Date()
        if let drawn, now.timeIntervalSince(drawn) < 0.2 { return }
        drawn = now
        draw(now)
    }

    public func finish() {
        guard enabled, drawn != nil else { return }
        write("\r\u{1B}[K")
        drawn = nil
    }

    private func draw(_ now: Date) {
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        var text = "\(label) \(done)"
        if let total { text += "/\(total)" }
        text += " \(unit), \(Int(rate))/s"
        if let total, rate > 0, done <= total {
            let left = Int((Double(total - done) / rate).rounded())
            text += ", ETA \(left / 60):" + (left % 60 < 10 ? "0" : "") + "\(left % 60)"
        }
        write("\r\u{1B}[K" + text)
    }

    /// Best effort: a progress line that cannot be drawn is no reason to stop.
    private func write(_ text: String) { try? FileHandle.standardError.write(contentsOf: Data(text.utf8)) }
}
