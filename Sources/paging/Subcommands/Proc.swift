import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingJSON
import PagingProcesses
import PagingReports

extension Paging {
  struct Proc: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Count a running process's page tables (Linux) to match the kernel's VmPTE, and cost it on every architecture.",
      discussion: """
        Reads /proc/PID/maps, the pagemap and /proc/PID/status. The page-table pages the \
        populated pages need are counted level by level, and VmPTE predicted as Linux \
        accounts it: every level below the root (on x86-64 the PDPT, PD and PT; never the \
        PML4 or, with five levels, the PML5), plus one deposited PTE page under each \
        PMD-mapped anonymous huge page. --save writes what was read as a snapshot; \
        --snapshot analyses one anywhere.
        """)

    @Argument(help: "A process id, or self.")
    var process: String?

    @Flag(help: "Every process this user may read: the total and the top ones by page-table bytes.")
    var all = false

    @Option(help: "With --all: how many processes to list.")
    var top = 10

    @Option(help: "Analyse a snapshot written by --save instead of a live process.")
    var snapshot: String?

    @Option(help: "Write what was read to this file as a JSON snapshot.")
    var save: String?

    @Option(help: "An architecture to cost the process on (repeatable; default: every built-in).")
    var arch: [String] = []

    @OptionGroup var output: OutputOptions

    func validate() throws {
      let chosen = [process != nil, all, snapshot != nil].filter { $0 }.count
      guard chosen == 1 else { throw ValidationError("Give exactly one of PID (or self), --all and --snapshot FILE.") }
      if let process, process != "self", Int32(process).map({ $0 > 0 }) != true {
        throw ValidationError("PID must be a positive process id or self, got \(quotedForMessage(process)).")
      }
      if all && save != nil { throw ValidationError("--save writes one process; drop it with --all.") }
      if top < 0 { throw ValidationError("--top must be zero or more, got \(top).") }
      if !all && top != 10 { throw ValidationError("--top goes with --all.") }
    }

    func run() throws {
      let architectures = arch.isEmpty ? BuiltinArchitectures.all : try arch.map(loadArchitecture)
      if all { return try survey() }
      let read: ProcessSnapshot
      var assumption: String? = nil
      if let snapshot {
        read = try failingCleanly { try ProcessSnapshot.read(path: snapshot) }
      } else {
        let reader = try processFailure { () throws(ProcessError) in try ProcessReader() }
        assumption = reader.assumption
        let target: ProcessTarget = process == "self" ? .current : .id(Int32(process ?? "") ?? 0)
        read = try processFailure { () throws(ProcessError) in try reader.snapshot(of: target) }
      }
      if let save { try failingCleanly { try writeFileAtomically(save, text: read.jsonText()) } }
      let analysis = try failingCleanly { try ProcessAnalysis(read) }
      let costs = analysis.whatIf(on: architectures)
      if output.isJSON { return output.emit(analysis.json(costs: costs)) }
      if let assumption { print("note: \(assumption)") }
      print(analysis.text(costs: costs))
    }

    func survey() throws {
      let reader = try processFailure { () throws(ProcessError) in try ProcessReader() }
      let showsProgress = !output.isJSON && ProgressBar.isAvailable
      var bar = ProgressBar()
      let survey = try processFailure { () throws(ProcessError) in
        try ProcessSurvey(reader: reader) { done, total in if showsProgress { bar.show(done, of: total) } }
      }
      if showsProgress { bar.clear() }
      if output.isJSON { return output.emit(survey.json(top: top)) }
      if let assumption = reader.assumption { print("note: \(assumption)") }
      print(survey.text(top: top))
    }

    /// Runs `body`, turning a ``ProcessError`` into a one-line failure.
    func processFailure<T>(_ body: () throws(ProcessError) -> T) throws -> T {
      do { return try body() } catch { throw CommandFailure(error.description) }
    }
  }
}
