import PagingCore
import PagingSimulator

/// A simulation script: processes created, memory allocated, forks, exits,
/// and points at which to record counts. Read from JSON by
/// ``ScenarioFile``; run with
/// ``run(on:memoryBytes:capturingDump:capturingMemoryMap:capturingMappings:capturingDiagrams:tracing:inspecting:)``.
public struct Scenario: Sendable {
  /// An address in a scenario: a pointer, or the start of the upper half
  /// (the kernel's half on sign-extended architectures), so one scenario
  /// can run on architectures of different widths.
  public enum Address: Sendable, Equatable {
    /// This pointer, used as given.
    case pointer(UInt128)
    /// `plus` bytes above the start of the upper half (`upper_half + 0x1000` in a file).
    case upperHalf(plus: UInt128)

    /// The pointer the address stands for on `arch`. An upper-half address that would pass 128 bits comes back as the
    /// largest pointer, which every later check refuses with a message, rather than a wrapped one.
    public func resolve(_ arch: Architecture) -> UInt128 {
      switch self {
      case .pointer(let value): return value
      case .upperHalf(let offset):
        // Past 128 bits saturates: the address is then refused as outside
        // the space, with a message, instead of wrapping.
        let (sum, overflow) = arch.kernelPointer(forTranslated: arch.addressSpaceBytes / 2).addingReportingOverflow(
          offset)
        return overflow ? .max : sum
      }
    }
  }

  /// One operation of the script, naming processes by the names the script gave them.
  public enum Step: Sendable {
    /// A new process, named `process`, with the kernel's mappings if there is a kernel.
    case create(process: String)
    /// An `AllocationRequest` in the named process.
    case allocate(
      process: String, start: Address, count: UInt128, size: UInt128,
      layout: AllocationRequest.Layout, largePages: Bool, permissions: Permissions)
    /// `size` bytes from `start` unmapped in the named process; see `Machine.unmap(in:start:length:)`.
    case unmap(process: String, start: Address, size: UInt128)
    /// A fork. With `sharing`, the child shares every user page with the
    /// parent (the course's `copy_mappings`: same frames, same permissions,
    /// no data copied); otherwise writable user pages get copies.
    case fork(process: String, child: String, sharing: Bool = false)
    /// The named process exits, freeing its pages and tables.
    case exit(process: String)
    /// Counts recorded at this point under `label`, with the analytic engine's prediction beside them.
    case report(label: String)
  }

  /// A one-line name for reports and listings.
  public var title: String
  /// What the scenario shows, in a sentence or two (`description` in the file).
  public var summary: String
  /// Architecture names (or descriptor paths) the scenario runs on.
  public var architectures: [String]
  /// The machine's physical memory in bytes, or nil to size it from the steps (``defaultMemoryBytes(for:)``).
  public var physicalMemory: UInt128?
  /// Ranges the kernel maps before any step; every process then starts with them.
  public var kernel: [(start: Address, size: UInt128)]
  /// The operations, in order.
  public var steps: [Step]

  /// A scenario as given; names and addresses are checked when it runs, against each architecture.
  public init(
    title: String, summary: String, architectures: [String], physicalMemory: UInt128?,
    kernel: [(start: Address, size: UInt128)], steps: [Step]
  ) {
    self.title = title
    self.summary = summary
    self.architectures = architectures
    self.physicalMemory = physicalMemory
    self.kernel = kernel
    self.steps = steps
  }
}

/// What a scenario run recorded.
public struct ScenarioRun: Sendable {
  /// A report point with the engine's prediction for each live process.
  public struct Point: Sendable {
    /// The counts at this point.
    public let report: SimulationReport
    /// Predicted page-table pages per level for each process, from the
    /// analytic engine over the ranges the process has mapped.
    public let predicted: [Int: Footprint]
    /// How many processes had exited when the point was recorded: a leak
    /// check means something only after one has.
    public let exitsBefore: Int
  }

  /// A live process's page-table pages at the end.
  public struct ProcessTables: Sendable {
    /// The process's id.
    public let id: Int
    /// The process's name in the scenario.
    public let name: String
    /// Its root's physical address.
    public let rootAddress: PhysicalAddress
    /// Every page-table page below the root, children before parents, as
    /// `PageTablePages` lists them.
    public let pages: [PageTablePage]
  }

  /// The architecture the scenario ran on.
  public let architecture: Architecture
  /// The physical memory the machine had.
  public let memoryBytes: UInt128
  /// The report steps, in order (one at the end when the file has none).
  public let points: [Point]
  /// Who owned each frame at the end (see `Machine.memoryMap()`), when asked for.
  public let memoryMap: MemoryMap?
  /// Each live process's page-table pages at the end.
  public let tables: [ProcessTables]
  /// Roots of the processes alive at the end, by name, as physical addresses.
  public let roots: [(name: String, physicalAddress: PhysicalAddress)]
  /// The page-table pages at the end as a memory image, when asked for
  /// (`MemoryImage.textDump(header:)` writes it).
  public let tableImage: MemoryImage?
  /// Each live process's mappings at the end, when asked for.
  public let mappings: [(name: String, rootAddress: PhysicalAddress, list: MappingList)]?
  /// Each live process's page table drawn as data, when asked for.
  public let diagrams: [(name: String, diagram: TableDiagram)]?
}

/// Part of a scenario that went wrong: a step, a kernel mapping, or the
/// physical memory, so a file's reader can point at the field at fault.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
  /// Which part of the scenario is at fault.
  public enum Location: Sendable, Equatable {
    /// The step at this 0-based index.
    case step(Int)
    /// The kernel mapping at this 0-based index.
    case kernel(Int)
    /// The physical memory: its size (given or derived) or running out of
    /// it while setting up the kernel.
    case memory
  }

  /// The part at fault.
  public let location: Location
  /// What the simulator refused there.
  public let error: SimulationError

  /// `error`, raised by the part of the scenario at `location`.
  public init(_ location: Location, _ error: SimulationError) {
    self.location = location
    self.error = error
  }

  /// `steps[3]`, `kernel[1]` or `physical_memory`: the field a scenario
  /// file holds this part in.
  public var fieldPath: String {
    switch location {
    case .step(let index): return "steps[\(index)]"
    case .kernel(let index): return "kernel[\(index)]"
    case .memory: return "physical_memory"
    }
  }

  /// `FIELD: what is wrong`, as in `steps[3]: out of physical memory allocating a level-3 page-table page`.
  public var description: String { "\(fieldPath): \(error)" }
}

extension Scenario {
  /// A physical memory size big enough for the scenario, by the analytic
  /// engine: each allocation's footprint, what each fork copies (page tables
  /// and writable pages), alignment slack for large pages, and a margin.
  public func defaultMemoryBytes(for arch: Architecture) -> UInt128 {
    min(neededMemoryBytes(for: arch), Self.memoryLimit(arch))
  }

  /// The most physical memory a machine for `arch` can have: what its
  /// physical addresses reach, and fewer than 2^31 frames (PhysicalMemory's
  /// limit).
  static func memoryLimit(_ arch: Architecture) -> UInt128 {
    min(UInt128(1) << arch.physicalAddressBits, (UInt128(1) << 31 - 1) << arch.offsetBits)
  }

  /// The physical memory the engine expects the scenario to need, before
  /// it is capped at what the architecture can address.
  func neededMemoryBytes(for arch: Architecture) -> UInt128 {
    // Sizes come from the file, so every sum and product saturates: an
    // absurd scenario gets the largest memory, then a clear error.
    let add = saturatingAdd
    let multiply = saturatingMultiply
    var pages: UInt128 = 64
    var copiedPerFork: UInt128 = 0
    var forks: UInt128 = 0
    var processes: UInt128 = 0
    for step in steps {
      switch step {
      case .create: processes += 1
      case .fork: forks += 1
      case .allocate(_, let start, let count, let size, let layout, let largePages, let permissions):
        let request = AllocationRequest(
          start: start.resolve(arch), count: count, size: size, layout: layout, largePages: largePages)
        guard let ranges = try? request.ranges(architecture: arch) else { continue }
        let footprint = arch.footprint(of: ranges, largePages: largePages)
        pages = add(pages, footprint.totalPages)
        // A large page may skip frames to reach physical alignment.
        if largePages { pages = add(pages, (arch.largePageSizes.first ?? 0) / arch.pageSize) }
        copiedPerFork = add(
          copiedPerFork,
          add(
            footprint.pageTablePages,
            permissions.contains(.writable) ? footprint.dataPages : 0))
      default: break
      }
    }
    let kernelPages = kernel.reduce(UInt128(0)) { add($0, add($1.size / arch.pageSize, 1)) }
    pages = add(pages, add(kernelPages, multiply(UInt128(arch.levelCount) * 2, processes + forks + 1)))
    pages = add(pages, multiply(forks, copiedPerFork))
    pages = add(pages, pages / 4)
    return multiply(pages, arch.pageSize)
  }

  /// Each live process's table diagram.
  private func diagrams(of machine: Machine) throws(SimulationError) -> [(name: String, diagram: TableDiagram)] {
    let image = machine.tableImage()
    var diagrams: [(name: String, diagram: TableDiagram)] = []
    for process in machine.processes {
      let root = machine.architecture.address(of: process.root)
      diagrams.append(
        (process.name, try TableDiagram(image: image, architecture: machine.architecture, rootAddress: root)))
    }
    return diagrams
  }

  /// Each kernel mapping fits the address space and overlaps no earlier one.
  private func checkKernel(on arch: Architecture) throws(ScenarioError) {
    if !kernel.isEmpty, arch.entryFormat.user == nil {
      throw ScenarioError(
        .kernel(0), .unsupported("\(arch.name) has no user bit, so kernel mappings cannot be told from user ones"))
    }
    var ranges: [AddressRange] = []
    for (index, mapping) in kernel.enumerated() {
      let range: AddressRange
      do {
        try arch.checkTree(of: mapping.start.resolve(arch), kernel: true)
        range = try arch.translatedRange(start: mapping.start.resolve(arch), length: mapping.size)
      } catch { throw ScenarioError(.kernel(index), .notCanonical(error.message)) }
      if let earlier = ranges.firstIndex(where: { $0.start < range.end && range.start < $0.end }) {
        throw ScenarioError(.kernel(index), .invalid("overlaps kernel[\(earlier)]: a kernel range is mapped once"))
      }
      ranges.append(range)
    }
  }

  /// Runs the scenario on `arch`. `inspecting` sees the machine as the
  /// last step left it (a hosted guest's tables are copied from it).
  public func run(
    on arch: Architecture, memoryBytes: UInt128? = nil, capturingDump: Bool = false,
    capturingMemoryMap: Bool = false, capturingMappings: Bool = false, capturingDiagrams: Bool = false,
    tracing trace: ((_ step: Int, _ event: TraceEvent) -> Void)? = nil,
    inspecting: ((Machine) throws -> Void)? = nil
  ) throws -> ScenarioRun {
    let bytes = memoryBytes ?? physicalMemory ?? defaultMemoryBytes(for: arch)
    let machine: Machine
    do { machine = try Machine(architecture: arch, memoryBytes: bytes) } catch { throw ScenarioError(.memory, error) }
    try checkKernel(on: arch)
    if !kernel.isEmpty {
      do { try machine.createKernel(mapping: kernel.map { ($0.start.resolve(arch), $0.size) }) } catch {
        throw ScenarioError(.memory, error)
      }
    }
    // Processes copy the kernel's mappings, unless the kernel has a tree of
    // its own.
    let kernelRanges =
      arch.kernelHasOwnTree
      ? [] : kernel.compactMap { try? arch.translatedRange(start: $0.start.resolve(arch), length: $0.size) }
    var byName: [String: Machine.Process] = [:]
    // Every range each process has mapped, for the engine's prediction.
    var mapped: [Int: [(ranges: [AddressRange], largePages: Bool)]] = [:]
    var points: [ScenarioRun.Point] = []

    func process(_ name: String) throws(SimulationError) -> Machine.Process {
      guard let process = byName[name] else {
        throw .noSuchProcess("there is no live process \(quotedForMessage(name))")
      }
      return process
    }
    var exits = 0
    func record(_ label: String) {
      var predicted: [Int: Footprint] = [:]
      for process in machine.processes {
        predicted[process.id] = arch.footprint(of: mapped[process.id] ?? [])
      }
      points.append(.init(report: machine.report(label: label), predicted: predicted, exitsBefore: exits))
    }

    for (index, step) in steps.enumerated() {
      do throws(SimulationError) {
        switch step {
        case .create(let name):
          guard byName[name] == nil else {
            throw SimulationError.invalid("process \(quotedForMessage(name)) already exists")
          }
          let created = try machine.createProcess(name: name)
          byName[name] = created
          mapped[created.id] = kernelRanges.isEmpty ? [] : [(kernelRanges, false)]
        case .allocate(let name, let start, let count, let size, let layout, let largePages, let permissions):
          let target = try process(name).id
          let request = AllocationRequest(
            start: start.resolve(arch), count: count, size: size, layout: layout,
            largePages: largePages, permissions: permissions)
          let ranges = try machine.allocate(in: machine.process(target), request)
          mapped[target, default: []].append((ranges, largePages))
        case .unmap(let name, let start, let size):
          try machine.unmap(in: process(name), start: start.resolve(arch), length: size)
        case .fork(let name, let child, let sharing):
          guard byName[child] == nil else {
            throw SimulationError.invalid("process \(quotedForMessage(child)) already exists")
          }
          let parent = try process(name)
          let forked =
            if let trace {
              try machine.forkStepByStep(parent, name: child, sharing: sharing) { trace(index, $0) }
            } else {
              try machine.fork(parent, name: child, copyingData: !sharing)
            }
          byName[child] = forked
          mapped[forked.id] = mapped[parent.id]
        case .exit(let name):
          let exiting = try process(name)
          if let trace { machine.traceExit(exiting) { trace(index, $0) } }
          try machine.exit(exiting)
          exits += 1
          byName[name] = nil
          mapped[exiting.id] = nil
        case .report(let label):
          record(label)
        }
      } catch {
        // Out of memory because the architecture cannot address what the
        // scenario needs is worth saying: more --memory would not help.
        if case .outOfMemory(let what) = error, memoryBytes == nil, physicalMemory == nil,
          bytes == Self.memoryLimit(arch), neededMemoryBytes(for: arch) > bytes
        {
          throw ScenarioError(
            .step(index),
            .invalid(
              "out of physical memory allocating \(what): the scenario needs \(formatBytesRoughly(neededMemoryBytes(for: arch))), but \(arch.name)'s \(arch.physicalAddressBits)-bit physical addresses reach \(formatBytesRoughly(bytes)) in all"
            ))
        }
        throw ScenarioError(.step(index), error)
      }
    }
    if points.isEmpty { record("end") }
    try inspecting?(machine)
    let tables = machine.processes.map { process in
      ScenarioRun.ProcessTables(
        id: process.id, name: process.name, rootAddress: arch.address(of: process.root),
        pages: Array(PageTablePages(memory: machine.memory, root: process.root)))
    }
    let roots = machine.processes.map { ($0.name, arch.address(of: $0.root)) }
    let mappings =
      capturingMappings
      ? try machine.mappings().map { ($0.process.name, arch.address(of: $0.process.root), $0.list) }
      : nil
    return ScenarioRun(
      architecture: arch, memoryBytes: bytes, points: points, memoryMap: capturingMemoryMap ? machine.memoryMap() : nil,
      tables: tables, roots: roots, tableImage: capturingDump ? machine.tableImage() : nil,
      mappings: mappings, diagrams: capturingDiagrams ? try diagrams(of: machine) : nil)
  }
}
