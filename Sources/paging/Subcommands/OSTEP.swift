import ArgumentParser
import PagingTeaching

extension Paging {
  struct OSTEP: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ostep",
      abstract: "OSTEP's paging homework programs: the same options, the same output.",
      discussion: """
        Each subcommand prints what `python3 PROGRAM.py` prints for the same options \
        (Operating Systems: Three Easy Pieces, remzi-arpacidusseau/ostep-homework). \
        Where the program refuses its options it prints its message and exits with \
        status 1; where Python would stop with an exception, the exception goes to \
        standard error and the status is 1.
        """,
      subcommands: [LinearTranslate.self, MultilevelTranslate.self])
  }
}

extension Paging.OSTEP {
  struct LinearTranslate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "linear-translate",
      abstract: "vm-paging/paging-linear-translate.py: a linear page table and addresses to translate.")

    @Option(
      name: [.customShort("A", allowingJoined: true), .customLong("addresses")], parsing: .unconditional,
      help: "a set of comma-separated pages to access; -1 means randomly generate")
    var addresses = "-1"

    @Option(
      name: [.customShort("s", allowingJoined: true), .customLong("seed")], parsing: .unconditional,
      help: "the random seed")
    var seed = "0"

    @Option(
      name: [.customShort("a", allowingJoined: true), .customLong("asize")], parsing: .unconditional,
      help: "address space size (e.g., 16, 64k, 32m, 1g)")
    var asize = "16k"

    @Option(
      name: [.customShort("p", allowingJoined: true), .customLong("physmem")], parsing: .unconditional,
      help: "physical memory size (e.g., 16, 64k, 32m, 1g)")
    var physmem = "64k"

    @Option(
      name: [.customShort("P", allowingJoined: true), .customLong("pagesize")], parsing: .unconditional,
      help: "page size (e.g., 4k, 8k, whatever)")
    var pagesize = "4k"

    @Option(
      name: [.customShort("n", allowingJoined: true), .customLong("numaddrs")], parsing: .unconditional,
      help: "number of virtual addresses to generate")
    var numaddrs = "5"

    @Option(
      name: [.customShort("u", allowingJoined: true), .customLong("used")], parsing: .unconditional,
      help: "percent of virtual address space that is used")
    var used = "50"

    @Flag(name: .customShort("v"), help: "verbose mode")
    var verbose = false

    @Flag(name: .customShort("c"), help: "compute answers for me")
    var solve = false

    /// The Python program accepts and ignores extra arguments.
    @Argument(help: .hidden)
    var ignored: [String] = []

    func run() throws {
      var program = OSTEPLinearTranslate()
      program.addresses = addresses
      program.seed = try optparseInteger(seed, option: "-s")
      program.addressSpaceSize = asize
      program.physicalMemorySize = physmem
      program.pageSize = pagesize
      program.addressCount = try optparseInteger(numaddrs, option: "-n")
      program.usedPercent = try optparseInteger(used, option: "-u")
      program.verbose = verbose
      program.solve = solve
      runToStandardOutput { (output: inout StandardOutput) throws(OSTEPProgramError) in try program.run(into: &output) }
    }
  }

  struct MultilevelTranslate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "multilevel-translate",
      abstract: "vm-smalltables/paging-multilevel-translate.py: a two-level page table in memory.")

    @Option(
      name: [.customShort("s", allowingJoined: true), .customLong("seed")], parsing: .unconditional,
      help: "the random seed")
    var seed = "0"

    @Option(
      name: [.customShort("a", allowingJoined: true), .customLong("allocated")], parsing: .unconditional,
      help: "number of virtual pages allocated")
    var allocated = "64"

    @Option(
      name: [.customShort("n", allowingJoined: true), .customLong("addresses")], parsing: .unconditional,
      help: "number of virtual addresses to generate")
    var addresses = "10"

    @Flag(name: [.customShort("c"), .customLong("solve")], help: "compute answers for me")
    var solve = false

    /// The Python program accepts and ignores extra arguments.
    @Argument(help: .hidden)
    var ignored: [String] = []

    func run() throws {
      var program = OSTEPMultilevelTranslate()
      program.seed = try optparseInteger(seed, option: "-s")
      program.allocated = try optparseInteger(allocated, option: "-a")
      program.addressCount = try optparseInteger(addresses, option: "-n")
      program.solve = solve
      runToStandardOutput { (output: inout StandardOutput) throws(OSTEPProgramError) in try program.run(into: &output) }
    }
  }
}

/// An `int` option read as optparse reads it (`0x1f`, `017` octal, `-5`),
/// or optparse's complaint, which exits with status 2 as optparse does.
private func optparseInteger(_ text: String, option: String) throws -> PythonInt {
  guard let value = PythonInt(optparseArgument: text) else {
    throw CommandFailure(PythonInt.optparseMessage(option: option, invalidValue: text))
  }
  return value
}

/// Standard output as a stream the programs write into as they go.
struct StandardOutput: TextOutputStream {
  mutating func write(_ string: String) { print(string, terminator: "") }
}

/// Runs a program against standard output. When it stops early, what it
/// printed stays printed; a Python exception is reported on standard error
/// (a refusal is already on standard output) and the process exits with the
/// Python program's status.
private func runToStandardOutput(_ body: (inout StandardOutput) throws(OSTEPProgramError) -> Void) {
  var output = StandardOutput()
  do {
    try body(&output)
  } catch {
    system_flushAllStreams()  // what the program printed goes out first
    if case .refused = error {} else { CommandFailure(error.description).report() }
    Paging.exit(withError: ExitCode(error.exitStatus))
  }
}
