import PagingCore

/// A simulated machine: physical memory, an optional kernel address space,
/// and processes with real page tables.
///
///     let machine = try Machine(architecture: x86_64, memoryBytes: 64 << 20)
///     let p = try machine.createProcess()
///     try machine.allocate(in: p, AllocationRequest(start: 0, count: 513, size: 4096))
///     machine.report(label: "after").pageTablePagesPerLevel   // [1, 1, 1, 2]
///     try machine.exit(p)
///     machine.report(label: "end").leakedFrames                // 0
public final class Machine {
  /// A handle on one process: its id, name and root table. The value outlives the process; operations given it after
  /// its exit throw ``SimulationError/noSuchProcess(_:)``.
  public struct Process: Sendable {
    /// The process id, from 1 in order of creation (0 is the kernel). Page-table pages and data frames are owned by it.
    public let id: Int
    /// The name given at creation, or `p` and the id.
    public let name: String
    /// The frame of the process's root table.
    public let root: FrameNumber
  }

  /// The architecture whose tables the machine builds.
  public let architecture: Architecture
  /// The machine's physical memory: every frame, its owner, and the bytes of every page-table page.
  public let memory: PhysicalMemory
  /// The kernel's own page table (process 0), when there is a kernel.
  public private(set) var kernelRoot: FrameNumber?
  /// The live processes, in order of creation.
  public private(set) var processes: [Process] = []
  private var nextProcessID = 1
  let pageSize: UInt128

  /// A machine with `memoryBytes` of physical memory, all free, with no kernel and no process.
  ///
  ///     let machine = try Machine(architecture: x86_64, memoryBytes: 16 << 20)   // 4096 frames of 4 KiB
  ///
  /// - Throws: ``SimulationError`` when the memory cannot be built; see ``PhysicalMemory/init(architecture:bytes:)``.
  public init(architecture: Architecture, memoryBytes: UInt128) throws(SimulationError) {
    self.architecture = architecture
    self.memory = try PhysicalMemory(architecture: architecture, bytes: memoryBytes)
    self.pageSize = architecture.pageSize
  }

  /// The live process with `id`.
  ///
  /// - Throws: ``SimulationError/noSuchProcess(_:)`` when no live process has that id.
  public func process(_ id: Int) throws(SimulationError) -> Process {
    guard let process = processes.first(where: { $0.id == id }) else {
      throw .noSuchProcess("there is no process \(id)")
    }
    return process
  }

  /// An iterator over `process`'s page table, positioned at translated address `address`.
  ///
  /// Mapping through it allocates tables for `process`; data frames are the caller's to allocate
  /// (``PhysicalMemory/allocateData(owner:)``) and to free. See <doc:MappingForkAndExit>.
  @inline(__always)
  public func iterator(for process: Process, at address: UInt64 = 0) -> VirtualMemoryIterator {
    VirtualMemoryIterator(memory: memory, root: process.root, process: process.id, address: address)
  }

  // MARK: - Kernel

  /// Creates the kernel address space with `ranges` (pointers) mapped to
  /// kernel frames, readable and writable by the kernel only. Every process
  /// created afterwards starts with these mappings.
  public func createKernel(mapping ranges: [(start: UInt128, length: UInt128)]) throws(SimulationError) {
    guard kernelRoot == nil else { throw .invalid("the kernel already exists") }
    // Exit frees the user's pages: without a user bit, kernel mappings
    // could not be told from them.
    guard !memory.codec.userIsImplicit else {
      throw .unsupported("\(architecture.name) has no user bit, so kernel mappings cannot be told from user ones")
    }
    let root = try memory.allocatePageTable(process: 0, level: 0)
    kernelRoot = root
    let kernel = Process(id: 0, name: "kernel", root: root)
    for range in ranges {
      let translated = try translated(start: range.start, length: range.length, kernel: true)
      try mapFresh(translated, in: kernel, permissions: [.writable], largePages: false, owner: .kernel)
    }
  }

  // MARK: - Processes

  /// A new process with an empty page table, plus the kernel's mappings.
  @discardableResult
  public func createProcess(name: String? = nil) throws(SimulationError) -> Process {
    let id = nextProcessID
    // Owner words hold a process id in 24 bits.
    guard id < Int(PackedOwner.processLimit) else {
      throw .unsupported("the simulator runs at most 2^24 - 1 processes in one machine")
    }
    let root = try memory.allocatePageTable(process: id, level: 0)
    nextProcessID += 1
    let process = Process(id: id, name: name ?? "p\(id)", root: root)
    processes.append(process)
    // Where the kernel has a tree of its own (AArch64's TTBR1), a process's
    // tree holds only its own mappings.
    if let kernelRoot, !architecture.kernelHasOwnTree {
      var target = iterator(for: process)
      do {
        try copyMappings(fromRoot: kernelRoot, to: &target, policy: .shareAll)
      } catch {
        try? exit(process)
        throw error
      }
    }
    return process
  }

  /// Maps the allocations `request` describes into `process`, each backed by
  /// fresh data frames. Returns the translated ranges mapped.
  @discardableResult
  public func allocate(in process: Process, _ request: AllocationRequest) throws(SimulationError) -> [AddressRange] {
    try checkAlive(process)
    let ranges = try request.ranges(architecture: architecture)
    for range in ranges {
      try mapFresh(
        range, in: process, permissions: request.permissions, largePages: request.largePages,
        owner: .data(process: process.id))
    }
    return ranges
  }

  /// Unmaps `length` bytes from pointer `start` in `process`, freeing the
  /// data frames no other mapping uses. Page-table pages stay, as in most
  /// kernels until the process exits.
  public func unmap(in process: Process, start: UInt128, length: UInt128) throws(SimulationError) {
    try checkAlive(process)
    let range = try translated(start: start, length: length)
    guard !range.isEmpty else { return }
    var it = iterator(for: process)
    it.findMapped(from: UInt64(range.start))
    while !it.isAtEnd, UInt128(it.address) < range.end {
      let pageStart = UInt128(it.address) & ~(it.entrySpan - 1)
      guard pageStart >= range.start, pageStart + it.entrySpan <= range.end else {
        let page = it.entrySpan == pageSize ? "page" : "large page"
        throw .misaligned("unmapping part of a \(formatBytes(it.entrySpan)) \(page) at \(formatHex(pageStart))")
      }
      let frames = Int(it.entrySpan / pageSize)
      let user = it.isUser
      if let frame = try it.unmap(), user {
        for offset in 0..<frames { try memory.release(frame.advanced(by: offset)) }
      }
      it.nextMapped()
    }
  }

  /// A copy of `parent`: user-writable data pages get fresh frames, other
  /// mappings (read-only and kernel) share the parent's frames. With
  /// `copyingData` false every user page is shared (copy-on-write style).
  @discardableResult
  public func fork(_ parent: Process, name: String? = nil, copyingData: Bool = true) throws(SimulationError) -> Process
  {
    try checkAlive(parent)
    let id = nextProcessID
    // Owner words hold a process id in 24 bits.
    guard id < Int(PackedOwner.processLimit) else {
      throw .unsupported("the simulator runs at most 2^24 - 1 processes in one machine")
    }
    let root = try memory.allocatePageTable(process: id, level: 0)
    nextProcessID += 1
    let child = Process(id: id, name: name ?? "p\(id)", root: root)
    processes.append(child)
    var target = iterator(for: child)
    do {
      try copyMappings(
        fromRoot: parent.root, to: &target, policy: copyingData ? .copyWritableUserPages : .shareUserPages)
    } catch {
      // A fork that runs out of memory leaves nothing behind: the half-built
      // child gives back its tables, copies and shares.
      try? exit(child)
      throw error
    }
    return child
  }

  /// Frees every user data page and every page-table page of `process`,
  /// root included. Kernel mappings stay with the kernel.
  public func exit(_ process: Process) throws(SimulationError) {
    try checkAlive(process)
    // Room on the data free list for every frame in use, before the walk:
    // no exit frees more, and a list grown a table at a time doubles and
    // copies itself again and again in a large exit.
    try memory.dataFree.reserve(memory.allocatedFrames)
    var release = TreeRelease(memory: memory)
    try memory.walkTree(process.root, level: 0, base: 0, state: true, &release)
    processes.removeAll { $0.id == process.id }
  }

  /// A `Process` value outlives its process; using it after exit is an error.
  func checkAlive(_ process: Process) throws(SimulationError) {
    guard processes.contains(where: { $0.id == process.id }) else {
      throw .noSuchProcess("process \(process.id) (\(process.name)) has exited")
    }
  }

  /// The translated range, checked to lie in the tree a process (or, with
  /// `kernel`, the kernel) maps in.
  func translated(start: UInt128, length: UInt128, kernel: Bool = false) throws(SimulationError) -> AddressRange {
    do {
      try architecture.checkTree(of: start, kernel: kernel)
      return try architecture.translatedRange(start: start, length: length)
    } catch { throw .notCanonical(error.message) }
  }
}

/// Exit as a visit of the tree: the user pages each table maps, then the
/// table, children before parents. The state is whether the pointers above
/// let user code through; kernel mappings stay with the kernel.
struct TreeRelease: TableVisitor {
  let memory: PhysicalMemory

  @inline(__always)
  func enter(child: FrameNumber, pointer raw: UInt64, level: Int, base: UInt64, state pointersUser: Bool) -> Bool? {
    // The codec is read in place, never copied: a copy retains and releases
    // its arrays, which at a few tables an exit is several per cent of it.
    let view = memory.codec.permissionView(raw, level: level)
    return pointersUser && memory.codec.allowedByPointers(and: view, or: view).contains(.user)
  }

  @inline(__always)
  func largePage(_ raw: UInt64, level: Int, address: UInt64, state pointersUser: Bool) throws(SimulationError) {
    guard pointersUser, memory.codec.leafPermissions(raw).contains(.user) else { return }
    let frame = FrameNumber(memory.codec.frame(of: raw))
    for offset in 0..<memory.geometry.framesPerEntry(level: level) { try memory.release(frame.advanced(by: offset)) }
  }

  @inline(__always)
  func bottomTable(
    _ table: FrameNumber, bytes: UnsafeMutableRawPointer, from start: Int, to end: Int, base: UInt64,
    state pointersUser: Bool
  ) throws(SimulationError) {
    if pointersUser { try memory.releaseUserLeaves(bytes, from: start, count: end) }
  }

  @inline(__always)
  func leave(table: FrameNumber, level: Int, state: Bool) throws(SimulationError) {
    try memory.releaseTable(table)
  }
}
