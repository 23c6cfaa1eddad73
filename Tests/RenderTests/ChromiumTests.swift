import Foundation
import TestSupport
import XCTest

/// The HTML digest of the sample archive in a real browser (Debian's chromium, headless): it
/// loads with no console message, its charts and series are in the DOM, and it renders to
/// non-trivial PNGs at a desktop and a phone width, light and dark.
final class ChromiumTests: XCTestCase {
    private var browser: String!
    private var profile: URL!

    override func setUpWithError() throws {
        let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium"]
        guard let found = candidates.first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("chromium is not installed (scripts/install-chromium installs Debian's chromium)")
        }
        browser = found
        profile = Fixtures.temporaryDirectory("chromium-profile")
    }

    override func tearDown() {
        if let profile { try? FileManager.default.removeItem(at: profile) }
    }

    private func chromium(_ arguments: [String], page: String) throws -> Fixtures.Result {
        try Fixtures.run("/usr/bin/env", ["timeout", "120", browser, "--headless", "--no-sandbox", "--disable-gpu",
                                          "--hide-scrollbars", "--user-data-dir=\(profile.path)"] + arguments + ["file://" + page])
    }

    /// Console messages Chromium logged for the page (`INFO:CONSOLE…` lines with --enable-logging).
    private func consoleLines(_ page: String) throws -> (dom: String, console: [String]) {
        let r = try chromium(["--enable-logging=stderr", "--v=0", "--dump-dom"], page: page)
        XCTAssertEqual(r.status, 0, r.stderr)
        return (r.stdout, r.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init))
    }

    func testPageLoadsCleanlyWithChartsAndSeries() throws {
        let page = try temporaryFile(try Sample.report(["--format", "html"]), name: "sample.html")
        let (dom, console) = try consoleLines(page)
        XCTAssertEqual(console, [], "console messages while loading the page")
        XCTAssertEqual(dom.components(separatedBy: "<svg class=\"chart\"").count - 1, 2, "two charts in the DOM")
        XCTAssertEqual(dom.components(separatedBy: "<details").count - 1, 12, "ten New series, a Part series and a pull request")
        XCTAssertTrue(dom.contains("<title id=\"chart-contributors-title\">Top 15 contributors</title>"))

        // The same check sees a page that does log: a blocked inline script and image.
        let bad = try temporaryFile("<!DOCTYPE html><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">"
                                    + "<script>console.error('x')</script><img src=\"http://127.0.0.1:9/x.png\">", name: "bad.html")
        XCTAssertFalse(try consoleLines(bad).console.isEmpty, "the console check would catch an error")
    }

    func testScreenshotsAtDesktopAndPhoneWidthsLightAndDark() throws {
        let page = try temporaryFile(try Sample.report(["--format", "html"]), name: "sample.html")
        let dir = Fixtures.temporaryDirectory("screenshots")
        let shots: [(String, Int, Int, [String], Bool)] = [
            ("desktop", 1280, 1000, [], false), ("phone", 390, 1400, [], false), ("desktop-dark", 1280, 1000, ["--force-dark-mode"], true),
        ]
        for (name, width, height, flags, dark) in shots {
            let png = dir.appendingPathComponent("\(name).png").path
            let r = try chromium(flags + ["--window-size=\(width),\(height)", "--screenshot=\(png)"], page: page)
            XCTAssertEqual(r.status, 0, r.stderr)
            let size = ((try? FileManager.default.attributesOfItem(atPath: png))?[.size] as? Int) ?? 0
            XCTAssertGreaterThan(size, 20_000, "\(name).png is too small to hold the page")
            let facts = try Python.json("png_facts.py", [png])
            XCTAssertEqual(facts["width"] as? Int, width, name)
            XCTAssertEqual(facts["height"] as? Int, height, name)
            XCTAssertGreaterThan(facts["distinct"] as? Int ?? 0, 50, "\(name): text and charts, not a blank page")
            // The most common colour is the page's background: white, or the dark theme's.
            let background = ((facts["top"] as? [[Any]])?.first?.first as? [Int]) ?? []
            XCTAssertEqual(background, dark ? [13, 17, 23] : [255, 255, 255], name)
        }
    }
}
