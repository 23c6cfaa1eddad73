import ArgumentParser
import Digest
import Foundation
import Store

/// `patchdigest show NAME`: a stored digest, printed again.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a stored digest again (default: the list's last one).")

    @Argument(help: "The list.")
    var name: String

    @Option(help: "The digest's number (patchdigest history lists them).")
    var digest: Int?

    @Option(help: ArgumentHelp("The last digest made on this day (YYYY-MM-DD, local time).", valueName: "day"))
    var date: String?

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if digest != nil && date != nil { throw ValidationError("give --digest or --date, not both") }
        if let date, date.count != 10 || Array(date)[4] != "-" || Array(date)[7] != "-"
            || !date.replacingOccurrences(of: "-", with: "").allSatisfy(\.isNumber) {
            throw ValidationError("--date wants a day as YYYY-MM-DD, got '\(date)'")
        }
    }

    func run() throws {
        let store = homeOptions.openStore()
        guard let (list, report) = attempt({ () throws -> (FollowedList, DigestReport) in
            let list = try store.list(named: name)
            return (list, try store.digest(of: list, number: digest, day: date))
        }) else { throw ExitCode(1) }
        try output.emit(report, listBase: list.loreBase)
    }
}
