/// A horizontal bar chart as inline SVG: one row per item, its label and count as text above a
/// bar whose length is a share of the largest count. Lengths are percentages of the drawing's
/// width, so the chart fills a phone or a desktop column without scaling its text.
struct BarChart {
    struct Bar {
        var label: String
        var count: Int
    }

    var id: String
    var title: String
    var bars: [Bar]

    static let rowHeight = 34
    /// Longer labels are cut, ending in "…"; the count tables of the feed and email forms print
    /// them whole.
    static let maxLabel = 56

    func svg() -> String {
        guard !bars.isEmpty else { return "<p class=\"empty\">(none)</p>" }
        let height = bars.count * BarChart.rowHeight
        let most = max(1, bars.map(\.count).max() ?? 1)
        var out = "<svg class=\"chart\" width=\"100%\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)-title\">"
        out += "<title id=\"\(id)-title\">\(HTMLText.line(title))</title>"
        for (i, bar) in bars.enumerated() {
            let top = i * BarChart.rowHeight
            let share = Double(max(0, bar.count)) / Double(most) * 100
            let width = String(format2(max(share, 0.5)))
            out += "<g>"
            out += "<text class=\"label\" x=\"0\" y=\"\(top + 15)\">\(HTMLText.line(shorten(bar.label)))</text>"
            out += "<text class=\"count\" x=\"100%\" y=\"\(top + 15)\" text-anchor=\"end\">\(bar.count)</text>"
            out += "<rect class=\"track\" x=\"0\" y=\"\(top + 21)\" width=\"100%\" height=\"8\" rx=\"4\"/>"
            out += "<rect class=\"bar\" x=\"0\" y=\"\(top + 21)\" width=\"\(width)%\" height=\"8\" rx=\"4\"/>"
            out += "</g>"
        }
        return out + "</svg>"
    }

    private func shorten(_ label: String) -> String {
        label.count <= BarChart.maxLabel ? label : String(label.prefix(BarChart.maxLabel - 1)) + "…"
    }

    /// Two decimals at most, no locale.
    private func format2(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let whole = hundredths / 100, frac = hundredths % 100
        return frac == 0 ? String(whole) : String(whole) + "." + (frac < 10 ? "0" : "") + String(frac)
    }
}
