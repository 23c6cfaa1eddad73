@testable import Patches
import TestSupport
import XCTest

final class RequestPullTests: XCTestCase {
    func testReadsRepositoryTagCommitsAndSummary() throws {
        let pull = try XCTUnwrap(RequestPull.parse(TestSupport.Fixtures.requestPullBody))
        XCTAssertEqual(pull, RequestPull(repository: "https://git.example.org/pub/scm/virt/kvm/kvm.git", ref: "tags/kvm-fixes-6.18-4",
                                         baseCommit: "1c8e4b2f9a7d3e6c0b5f8a2d4e7c1b9f3a6d0e58",
                                         headCommit: "9f2d7c4a1e8b3f06d5c2a9e7b4f1d8c3a6e0b925",
                                         changes: .init(files: 2, insertions: 11, deletions: 4)))
    }

    /// Older git wrote "git repository"; a branch instead of a tag; no ref at all (the remote's HEAD).
    func testBranchOrNoRef() throws {
        let branch = TestSupport.Fixtures.requestPullBody.replacingOccurrences(of: "are available in the Git repository at:", with: "are available in the git repository at:")
            .replacingOccurrences(of: " tags/kvm-fixes-6.18-4", with: " for-linus")
        XCTAssertEqual(RequestPull.parse(branch)?.ref, "for-linus")
        let bare = TestSupport.Fixtures.requestPullBody.replacingOccurrences(of: " tags/kvm-fixes-6.18-4", with: "")
        let pull = try XCTUnwrap(RequestPull.parse(bare))
        XCTAssertEqual(pull.repository, "https://git.example.org/pub/scm/virt/kvm/kvm.git")
        XCTAssertNil(pull.ref)
        XCTAssertEqual(RequestPull.parse(branch.replacingOccurrences(of: "https://git.example.org/pub/scm/virt/kvm/kvm.git",
                                                                    with: "git@git.example.org:virt/kvm.git"))?.repository,
                       "git@git.example.org:virt/kvm.git")
    }

    /// `git request-pull -p` appends the diff: its context lines may look like a summary line.
    func testSummaryIsTheLastOneAboveTheDiff() {
        let withDiff = TestSupport.Fixtures.requestPullBody + """

            diff --git a/arch/x86/kvm/x86.c b/arch/x86/kvm/x86.c
            --- a/arch/x86/kvm/x86.c
            +++ b/arch/x86/kvm/x86.c
            @@ -1,3 +1,3 @@
             9 files changed, 99 insertions(+)
            -old
            +new
            """
        XCTAssertEqual(RequestPull.parse(withDiff)?.changes, .init(files: 2, insertions: 11, deletions: 4))
    }

    func testTextThatIsNoRequestPullGivesNothing() {
        XCTAssertNil(RequestPull.parse("Please pull my tree, it is at the usual place.\n"))
        XCTAssertNil(RequestPull.parse("are available in the Git repository at:\n\n  my usual tree\n"), "three words, no URL")
        XCTAssertNil(RequestPull.parse("are available in the Git repository at:\n\n  kernel.org\n"), "no URL")
        XCTAssertNil(RequestPull.parse("are available in the Git repository at:\n\n  https://x.org/\u{1B}[2J.git main\n"),
                     "a control character is no part of a URL")
        XCTAssertNil(RequestPull.parse("are available in the Git repository at:\n"))
        XCTAssertNil(RequestPull.parse(""))
    }
}
