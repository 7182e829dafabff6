import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingJSON
import PagingReports
import PagingScenarios
import PagingSimulator

extension Paging {
  struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run allocations on real page tables in simulated physical memory.",
      discussion: """
        Give a scenario file, or describe one with --arch and --allocations/--size. A shortcut \
        starts from an empty page table with no kernel (unless --kernel), maps the allocations \
        contiguously from a table-aligned address (unless --start, --stride or --random-seed), \
        and can then --fork and --exit.
        """)

    typealias Show = ScenarioRun.Detail

    @Argument(help: "A scenario JSON file (see Scenarios/).")
    var scenario: String?

    @Option(help: "Shortcut: the architecture (built-in name or descriptor path).")
    var arch: String?

    @Option(parsing: .unconditional, help: "Shortcut: how many allocations.", transform: parseQuantity)
    var allocations: UInt128 = 1

    @Option(parsing: .unconditional, help: "Shortcut: bytes in each allocation.", transform: parseQuantity)
    var size: UInt128?

    @Option(
      parsing: .unconditional, help: "Shortcut: the first allocation's address (default 0).", transform: parseQuantity)
    var start: UInt128 = 0

    @Option(
      parsing: .unconditional, help: "Shortcut: place allocation i at start + i × stride.", transform: parseQuantity)
    var stride: UInt128?

    @Option(
      parsing: .unconditional,
      help: "Shortcut: place allocations at random (repeatably) within --within bytes (a seed from 0 to 2^64-1).",
      transform: parseSeed)
    var randomSeed: UInt64?

    @Option(
      parsing: .unconditional, help: "Shortcut: the span random placement draws from (default 1GiB).",
      transform: parseQuantity)
    var within: UInt128 = 1 << 30

    @Flag(help: "Shortcut: use large pages where they fit.")
    var largePages = false

    @Flag(help: "Shortcut: start with a kernel address space (2 MiB at the upper half) every process inherits.")
    var kernel = false

    @Flag(help: "Shortcut: fork the process after allocating.")
    var fork = false

    @Flag(
      help:
        "Shortcut: with --fork, share every user page with the child (the section's copy_mappings: same frames, same permissions) instead of copying writable ones."
    )
    var share = false

    @Flag(
      help:
        "Print every step of each fork's copy and each exit in the order the iterators take them (the section's copy_mappings and free_everything); with --format json, one JSON object per line for each event before the result."
    )
    var trace = false

    @Flag(help: "Shortcut: exit every process at the end.")
    var exit = false

    @Option(
      parsing: .unconditional, help: "Physical memory size (default: enough for the scenario).",
      transform: parseQuantity)
    var memory: UInt128?

    @Option(
      help:
        "Write the final page-table pages of the first architecture as a text dump, for `paging translate --memory`.")
    var dump: String?

    @Option(
      help:
        "Also show (repeatable): tree (page-table pages), memory (one character per frame), mappings (each process's mappings merged into runs; filter with --only, --from, --to), or diagram (each process's page table drawn as boxes)."
    )
    var show: [Show] = []

    @Option(help: "Also draw each process's page table at the end as SVG into this file (for a browser).")
    var diagramSvg: String?

    @Option(
      help:
        "Run the guest (the first architecture) on this host: its physical memory (--memory) is a host process's mapping from address 0, so its page tables sit in host frames the host's own tables map. Counts both sides, and --dump writes host-physical memory for `translate --host`."
    )
    var host: String?

    @Flag(help: "With --host: the host maps the guest's memory with large pages where they fit.")
    var hostLargePages = false

    @OptionGroup var mappingFilter: MappingFilterOptions

    @OptionGroup var hostMemory: HostMemoryOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
      if scenario != nil && arch != nil { throw ValidationError("Give a scenario file or --arch, not both.") }
      if scenario == nil && arch == nil { throw ValidationError("Give a scenario file, or --arch with --size.") }
      if arch != nil && size == nil { throw ValidationError("--arch needs --size (and optionally --allocations).") }
      if share && !fork { throw ValidationError("--share goes with --fork.") }
      if mappingFilter.isUsed && !show.contains(.mappings) {
        throw ValidationError("--only, --from and --to filter --show mappings.")
      }
      if output.isJSON, let text = show.first(where: { $0 != .mappings }) {
        throw ValidationError(
          "--show \(text.rawValue) draws text; with --format json only --show mappings is included.")
      }
      if hostLargePages && host == nil { throw ValidationError("--host-large-pages goes with --host.") }
      if stride != nil && randomSeed != nil {
        throw ValidationError("--stride and --random-seed are different layouts; pick one.")
      }
    }

    func run() throws {
      let file: ScenarioFile?
      let scenario: Scenario
      if let path = self.scenario {
        let decoded = try failingCleanly { try ScenarioFile.decode(text: readTextFile(path), source: path) }
        file = decoded
        scenario = decoded.scenario
      } else {
        file = nil
        scenario = shortcutScenario()
      }
      var runs: [ScenarioRun] = []
      // The first architecture's machine, for --host.
      var guestMachine: Machine? = nil
      for (index, name) in scenario.architectures.enumerated() {
        let architecture =
          try file.map { file in try failingCleanly { try file.architecture(at: index) } }
          ?? loadArchitecture(name)
        try hostMemory.check(
          scenario, on: architecture,
          copiesOfTables: (dump != nil ? 4 : 0)
            + (show.contains(.mappings) || show.contains(.diagram) || diagramSvg != nil ? 2 : 0)
            + (trace ? 2 : 0))
        do {
          runs.append(
            try scenario.run(
              on: architecture, memoryBytes: memory, capturingDump: dump != nil && runs.isEmpty,
              capturingMemoryMap: show.contains(.memory), capturingMappings: show.contains(.mappings),
              capturingDiagrams: show.contains(.diagram) || (diagramSvg != nil && runs.isEmpty),
              tracing: trace ? traceWriter(architecture: architecture, scenario: scenario) : nil,
              inspecting: host != nil && runs.isEmpty ? { guestMachine = $0 } : nil))
        } catch let error as ScenarioError {
          if memory != nil, error.location == .memory {
            throw CommandFailure(option: "--memory", "\(architecture.name): \(error.error)")
          }
          if let file { throw CommandFailure(file.locate(error)) }
          throw CommandFailure("\(architecture.name): \(error.error)")
        }
      }
      let hosted = try guestMachine.map { try runOnHost($0) }
      // The dump and the drawing are written together, all or nothing.
      var batch = OutputBatch()
      if let dump, let hosted {
        let header =
          "\(hosted.guest.guest.architecture.name) guest on \(hosted.guest.host.architecture.name): host-physical pages holding both stages' tables; data pages are not stored"
        batch.add(dump, text: hosted.guest.image.textDump(header: header))
      } else if let dump, let first = runs.first, let image = first.tableImage {
        batch.add(
          dump, text: image.textDump(header: "\(first.architecture.name) page-table pages; data pages are not stored"))
      }
      if let diagramSvg, let first = runs.first, let diagrams = first.diagrams {
        let titled = diagrams.map {
          (title: "\(first.architecture.name): \($0.name)'s page table", diagram: $0.diagram)
        }
        batch.add(diagramSvg, text: TableDiagram.svg(titled))
      }
      try failingCleanly { try batch.commit() }
      if output.isJSON {
        return output.emit(
          scenario.resultJSON(
            runs: runs, mappingFilter: mappingFilter.filter, host: hosted.map { ($0.run, $0.summary) }))
      }
      var parts = runs.map { $0.text(title: scenario.title, details: Set(show), mappingFilter: mappingFilter.filter) }
      if let hosted { parts.append(render(hosted)) }
      print(parts.joined(separator: "\n\n"))
    }

    func shortcutScenario() -> Scenario {
      let layout: AllocationRequest.Layout
      if let stride {
        layout = .stride(stride)
      } else if let randomSeed {
        layout = .random(seed: randomSeed, within: within)
      } else {
        layout = .contiguous
      }
      var steps: [Scenario.Step] = [
        .create(process: "p1"),
        .allocate(
          process: "p1", start: .pointer(start), count: allocations, size: size ?? 1, layout: layout,
          largePages: largePages, permissions: [.writable, .user]),
        .report(label: "after allocating"),
      ]
      if fork { steps += [.fork(process: "p1", child: "p2", sharing: share), .report(label: "after fork")] }
      if exit {
        steps.append(.exit(process: "p1"))
        if fork { steps.append(.exit(process: "p2")) }
        steps.append(.report(label: "after exit"))
      }
      let kernelMappings: [(start: Scenario.Address, size: UInt128)] = kernel ? [(.upperHalf(plus: 0), 2 << 20)] : []
      return Scenario(
        title: "\(counted(allocations, "allocation")) of \(formatBytes(size ?? 1))", summary: "command line",
        architectures: [arch!], physicalMemory: memory, kernel: kernelMappings, steps: steps)
    }
  }
}

extension Paging.Simulate {
  /// Prints trace events as they come (nothing is kept): a heading for each
  /// step, then one line per event; in JSON, one object per line.
  func traceWriter(architecture: Architecture, scenario: Scenario) -> (Int, TraceEvent) -> Void {
    var lastStep = -1
    return { step, event in
      if output.isJSON {
        print(event.json(step: step, architecture: architecture.name).serialized(pretty: false))
        return
      }
      if step != lastStep {
        lastStep = step
        print(scenario.traceHeading(step: step, architecture: architecture))
      }
      print("  " + event.description)
    }
  }
}

extension ScenarioRun.Detail: ExpressibleByArgument {}
