import Foundation
import TestSupport
import XCTest

/// The sample archive the README's demo runs on (Fixtures/sample): the digest its README
/// expects, worked out by hand from the 48 files.
final class SampleArchiveTests: XCTestCase {
    private func report() throws -> [String: Any] {
        let inbox = try Fixtures.inbox(directory: Fixtures.path("Fixtures/sample"), options: ["--name", "kvmarm"])
        let r = try Fixtures.patchdigest(["report", inbox.path, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    func testCountsAndAuthors() throws {
        let json = try report()
        XCTAssertEqual(json["messages"] as? Int, 47)
        XCTAssertEqual(json["removals"] as? Int, 1)
        XCTAssertEqual(json["patches"] as? Int, 27)
        XCTAssertEqual((json["pullRequests"] as? [Any])?.count, 1)
        XCTAssertEqual((json["skipped"] as? [Any])?.count, 0)
        let people = Dictionary(uniqueKeysWithValues: (json["contributors"] as? [[String: Any]] ?? []).map {
            ($0["email"] as? String ?? "", "\($0["name"] as? String ?? "") \($0["count"] as? Int ?? 0)")
        })
        XCTAssertEqual(people, [
            "praman@google.com": "Priya Raman 8", "tomasz.wilk@arm.com": "Tomasz Wilk 5",
            "chenwei46@huawei.com": "Wei Chen 3", "ahmad.rahimi@intel.com": "Ahmad Rahimi 2",
            "lferrante@redhat.com": "Lucia Ferrante 2", "arjun.mehta@linaro.org": "Arjun Mehta 1",
            "janedoe.dev@yahoo.com": "Jane Doe 1", "joerg.bauer@kernel.org": "Jörg Bauer 1",
            "kmorita@linaro.org": "Kenji Morita 1", "michal.nowak@intel.com": "Michał Nowak 1",
            "sam.okafor@gmail.com": "Sam Okafor 1", "zhouliang7@huawei.com": "Liang Zhou 1",
        ])
        let domains = (json["domains"] as? [[String: Any]] ?? []).map { "\($0["domain"]!) \($0["count"]!)" }
        XCTAssertEqual(domains, ["google.com 8", "arm.com 5", "huawei.com 4", "intel.com 3", "linaro.org 2",
                                 "redhat.com 2", "gmail.com 1", "kernel.org 1", "yahoo.com 1"])
    }

    func testSeriesStatuses() throws {
        let series = try report()["series"] as? [[String: Any]] ?? []
        func find(_ title: String, version: String) -> [String: Any]? {
            series.first { ($0["title"] as? String) == title && ($0["version"] as? String) == version }
        }
        let vgic = "KVM: arm64: Tidy up the vgic-v3 trap configuration"
        XCTAssertEqual(find(vgic, version: "v1")?["status"] as? String, "Skip")
        XCTAssertEqual(find(vgic, version: "v1")?["reason"] as? String, "superseded by v2 (same change-id)")
        XCTAssertEqual(find(vgic, version: "v2")?["status"] as? String, "New")
        let timer = series.filter { ($0["title"] as? String) == "KVM: selftests: Fix the usage text of arch_timer's -m option" }
        XCTAssertEqual(timer.map { $0["status"] as? String ?? "" }, ["Exist", "New"])
        XCTAssertEqual(timer.last?["resend"] as? Bool, true)
        let trace = try XCTUnwrap(find("KVM: arm64: Trace stage-2 fault handling", version: "v1"))
        XCTAssertEqual(trace["received"] as? Int, 5)
        XCTAssertEqual(trace["hasCover"] as? Bool, true)
        let partial = try XCTUnwrap(series.first { ($0["status"] as? String) == "Part" })
        XCTAssertEqual(partial["received"] as? Int, 1)
        XCTAssertEqual(partial["total"] as? Int, 3)
        let rfc = try XCTUnwrap(find("KVM: arm64: vgic: Allocate private IRQs on first use", version: "v1"))
        XCTAssertEqual(rfc["rfc"] as? Bool, true)
        let kut = try XCTUnwrap(find("arm64: pmu: Test 64-bit cycle counter overflow", version: "v2"))
        XCTAssertEqual(kut["tags"] as? [String], ["kvm-unit-tests"])
        XCTAssertEqual((kut["firstPatch"] as? [String: Any])?["subject"] as? String,
                       "[kvm-unit-tests PATCH v2 1/2] arm64: pmu: Test 64-bit cycle counter overflow")
        // The attached patch's diffstat is read from the text part; the diff came as an attachment.
        let attached = try XCTUnwrap(find("KVM: selftests: arm64: Add the missing .gitignore entries", version: "v1"))
        XCTAssertNotNil((attached["firstPatch"] as? [String: Any])?["diffstat"] as? [String: Any])
        XCTAssertEqual(series.filter { ($0["status"] as? String) == "New" }.count, 10)
    }
}
