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
  public struct Process: Sendable {
    public let id: Int
    public let name: String
    public let root: Int
  }

  public let architecture: Architecture
  public let memory: PhysicalMemory
  /// The kernel's own page table (process 0), when there is a kernel.
  public private(set) var kernelRoot: Int?
  public private(set) var processes: [Process] = []
  private var nextProcessID = 1
  let pageSize: UInt128

  public init(architecture: Architecture, memoryBytes: UInt128) throws(SimulationError) {
    self.architecture = architecture
    self.memory = try PhysicalMemory(architecture: architecture, bytes: memoryBytes)
    self.pageSize = architecture.pageSize
  }

  public func process(_ id: Int) throws(SimulationError) -> Process {
    guard let process = processes.first(where: { $0.id == id }) else {
      throw .noSuchProcess("there is no process \(id)")
    }
    return process
  }

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
    guard id < 1 << 24 else { throw .unsupported("the simulator runs at most 2^24 - 1 processes in one machine") }
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
      try mapFresh(range, in: process, permissions: request.permissions, largePages: request.largePages,
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
        for offset in 0..<frames { try memory.release(Int(frame) + offset) }
      }
      it.nextMapped()
    }
  }

  /// A copy of `parent`: user-writable data pages get fresh frames, other
  /// mappings (read-only and kernel) share the parent's frames. With
  /// `copyingData` false every user page is shared (copy-on-write style).
  @discardableResult
  public func fork(_ parent: Process, name: String? = nil, copyingData: Bool = true) throws(SimulationError) -> Process {
    try checkAlive(parent)
    let id = nextProcessID
    // Owner words hold a process id in 24 bits.
    guard id < 1 << 24 else { throw .unsupported("the simulator runs at most 2^24 - 1 processes in one machine") }
    let root = try memory.allocatePageTable(process: id, level: 0)
    nextProcessID += 1
    let child = Process(id: id, name: name ?? "p\(id)", root: root)
    processes.append(child)
    var target = iterator(for: child)
    do {
      try copyMappings(fromRoot: parent.root, to: &target, policy: copyingData ? .copyWritableUserPages : .shareUserPages)
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
    try releaseTree(process.root, level: 0, pointersUser: true)
    processes.removeAll { $0.id == process.id }
  }

  /// Frees the user pages `table` maps and every table below it, then
  /// `table` itself: children before parents, each entry read once (empty
  /// stretches a group at a time, see `forEachPresent`).
  /// `pointersUser` says whether the pointers above let user code through.
  private func releaseTree(_ table: Int, level: Int, pointersUser: Bool) throws(SimulationError) {
    let geometry = memory.geometry
    let codec = memory.codec
    let (tableMask, tableValue) = (codec.tableMask, codec.tableValue)
    let bytes = memory.tableBytes(table)
    // Only the stretch of the table ever written can hold entries.
    let (start, end) = memory.extent(ofTable: table, count: Int(geometry[level].indexMask) + 1)
    if level == geometry.bottom {
      if pointersUser { try memory.releaseUserLeaves(bytes, from: start, count: end) }
      try memory.releaseTable(table)
      return
    }
    try forEachPresent(bytes, from: start, count: end, size: memory.entrySize, present: codec.present) { (_, raw) throws(SimulationError) in
      if raw & tableMask == tableValue {
        let view = codec.permissionView(raw, level: level)
        let user = pointersUser && codec.allowedByPointers(and: view, or: view).contains(.user)
        try releaseTree(Int(codec.frame(of: raw)), level: level + 1, pointersUser: user)
      } else {
        // A large page. Kernel mappings stay with the kernel.
        guard pointersUser, codec.leafPermissions(raw).contains(.user) else { return }
        let frame = Int(codec.frame(of: raw))
        for offset in 0..<geometry.framesPerEntry(level: level) { try memory.release(frame + offset) }
      }
    }
    try memory.releaseTable(table)
  }

  /// A `Process` value outlives its process; using it after exit is an error.
  func checkAlive(_ process: Process) throws(SimulationError) {
    guard processes.contains(where: { $0.id == process.id }) else {
      throw .noSuchProcess("process \(process.id) (\(process.name)) has exited")
    }
  }

  // MARK: - Mapping helpers

  /// What a copy of a mapping gets.
  enum CopyPolicy {
    /// Every page shared, uncounted: new processes get the kernel's mappings.
    case shareAll
    /// Fork: user-writable pages get fresh frames, the rest are shared.
    case copyWritableUserPages
    /// Fork without data copies: every user page shared and counted.
    case shareUserPages
  }

  /// Copies every mapping under `sourceRoot` into `target`, one leaf at a
  /// time: a walk of the source tables (each entry read once) and a map
  /// through the target iterator, which stays within a table while it can.
  func copyMappings(fromRoot sourceRoot: Int, to target: inout VirtualMemoryIterator,
                    policy: CopyPolicy) throws(SimulationError) {
    try copyTree(sourceRoot, level: 0, base: 0, allowed: [.writable, .user, .executable],
                 to: &target, policy: policy)
  }

  private func copyTree(_ table: Int, level: Int, base: UInt64, allowed: Permissions,
                        to target: inout VirtualMemoryIterator, policy: CopyPolicy) throws(SimulationError) {
    let geometry = memory.geometry
    let bytes = memory.tableBytes(table)
    let shift = geometry[level].shift
    // Only the stretch of the table ever written can hold entries.
    let (start, end) = memory.extent(ofTable: table, count: Int(geometry[level].indexMask) + 1)
    if level == geometry.bottom {
      return try copyBottomTable(bytes, from: start, count: end, shift: shift, base: base,
                                 allowed: allowed, to: &target, policy: policy)
    }
    let codec = memory.codec
    try forEachPresent(bytes, from: start, count: end, size: memory.entrySize,
                       present: codec.present) { (index, raw) throws(SimulationError) in
      let address = base | UInt64(index) << shift
      switch codec.decode(PageTableEntry(rawValue: raw), level: level) {
      case .notPresent:
        return
      case .table(let child, let granted):
        try copyTree(Int(child), level: level + 1, base: address, allowed: allowed.intersection(granted),
                     to: &target, policy: policy)
      case .leaf(let frame, let leafPermissions):
        let permissions = leafPermissions.intersection(allowed)
        let frames = geometry.framesPerEntry(level: level)
        var targetFrame = frame
        var counted = false
        switch policy {
        case .shareAll:
          break
        case .shareUserPages where permissions.contains(.user),
             .copyWritableUserPages where permissions.contains(.user) && !permissions.contains(.writable):
          for offset in 0..<frames { try memory.share(Int(frame) + offset) }
          counted = true
        case .copyWritableUserPages where permissions.contains(.user):
          let owner = FrameOwner.data(process: target.process)
          targetFrame = UInt64(frames == 1 ? try memory.allocateData(owner: owner)
                                           : try memory.allocateContiguousData(count: frames, owner: owner))
          counted = true
        case .shareUserPages, .copyWritableUserPages:
          break  // kernel mappings: shared, still the kernel's
        }
        // Usually within the target table the last leaf went to: no walk.
        target.move(to: address)
        let physical = targetFrame << UInt64(geometry.offsetBits)
        do throws(SimulationError) {
          if level == geometry.bottom {
            try target.map(to: physical, permissions: permissions)
          } else {
            try target.mapLargePage(to: physical, level: level, permissions: permissions)
          }
        } catch {
          // Give back the share or the copy this mapping would have held.
          if counted { for offset in 0..<frames { try? memory.release(Int(targetFrame) + offset) } }
          throw error
        }
      }
    }
  }

  /// `copyTree` for a bottom-level table, the bulk of any copy: each entry
  /// read once with one mask test, then shared (or copied) and mapped. The
  /// first leaf goes through the target iterator (which finds or makes the
  /// target's table and checks the pointers above); the rest of the table's
  /// leaves, with the same permissions, are stored straight into that table,
  /// since a source and a target bottom-level table cover the same span.
  @inline(__always)
  private func copyBottomTable(_ bytes: UnsafeMutableRawPointer, from start: Int, count: Int, shift: UInt64, base: UInt64,
                               allowed: Permissions, to target: inout VirtualMemoryIterator,
                               policy: CopyPolicy) throws(SimulationError) {
    let codec = memory.codec
    let (leafMask, leafValue) = (codec.bottomLeafMask, codec.bottomLeafValue)
    let (frameShift, frameMask) = (codec.frameShift, codec.frameMask)
    let entrySize = memory.entrySize
    let offsetBits = UInt64(memory.geometry.offsetBits)
    let frameCount = UInt64(memory.frameCount)
    let owners = memory.ownerBytes
    // A leaf's permissions depend only on these bits, and neighbouring
    // leaves usually share them: decode them when they change.
    let permissionMask = codec.write | codec.user | codec.execute
    var lastBits = UInt64.max
    var permissions: Permissions = []
    var leafBits: UInt64 = 0
    // The target table, once a leaf with the current permissions has been
    // mapped into it through the iterator.
    var direct: UnsafeMutableRawPointer? = nil
    try forEachPresent(bytes, from: start, count: count, size: entrySize, present: codec.present) { (index, raw) throws(SimulationError) in
      // Exactly the entries `decode` calls leaves at the bottom level.
      if raw & leafMask != leafValue { return }
      let frame = codec.frame(of: raw)
      if raw & permissionMask != lastBits {
        lastBits = raw & permissionMask
        permissions = codec.leafPermissions(raw).intersection(allowed)
        leafBits = codec.bottomLeaf(frame: 0, permissions: permissions).rawValue
        direct = nil  // the pointers above must allow the new permissions
      }
      var targetFrame = frame
      var counted = false
      if permissions.contains(.user) {
        switch policy {
        case .shareAll:
          break
        case .shareUserPages:
          let frame = Int(truncatingIfNeeded: frame)
          if !owners.shareQuickly(frame) { try memory.share(frame) }
          counted = true
        case .copyWritableUserPages:
          if permissions.contains(.writable) {
            targetFrame = UInt64(try memory.allocateData(packed: FrameOwner.data(process: target.process).packed))
          } else {
            try memory.share(Int(truncatingIfNeeded: frame))
          }
          counted = true
        }
      }
      if let direct, targetFrame < frameCount {
        storeEntry(leafBits | (targetFrame & frameMask) &<< frameShift, direct, index: index, size: entrySize)
      } else {
        target.move(to: base | UInt64(index) &<< shift)
        do throws(SimulationError) {
          try target.map(to: targetFrame &<< offsetBits, permissions: permissions)
        } catch {
          // Give back the share or the copy this mapping would have held.
          if counted { try? memory.release(Int(truncatingIfNeeded: targetFrame)) }
          throw error
        }
        direct = target.bottomTableBytes
        // The direct stores to come fall within this table's written stretch.
        if direct != nil { memory.noteWritten(table: target.table, from: index, to: count) }
      }
    }
  }

  /// Maps `range` with fresh frames, using large pages where they fit when
  /// asked: exactly the leaves the analytic engine counts.
  func mapFresh(_ range: AddressRange, in process: Process, permissions: Permissions, largePages: Bool,
                owner: FrameOwner) throws(SimulationError) {
    let geometry = memory.geometry
    let offsetBits = UInt64(geometry.offsetBits)
    let packedOwner = owner.packed
    if !largePages {
      // Without large pages the decomposition of one range is that range
      // widened to whole pages, at the bottom level: worked out here, without
      // the general merge and split (arrays, sorting) a small job would pay for.
      guard !range.isEmpty else { return }
      let mask = UInt128(geometry.pageMask)
      let start = range.start & ~mask
      let pages = UInt64(truncatingIfNeeded: ((range.end + mask) & ~mask &- start) >> offsetBits)
      // Created at the first page: one walk, not one to address 0 and another.
      var it = iterator(for: process, at: UInt64(truncatingIfNeeded: start))
      try mapFreshPages(from: UInt64(truncatingIfNeeded: start), count: pages, with: &it,
                        permissions: permissions, packedOwner: packedOwner)
      return
    }
    let pieces = architecture.leafDecomposition(of: [range], largePages: true)
    var it = iterator(for: process)
    for piece in pieces {
      let isBase = piece.level == geometry.bottom
      let frames = geometry.framesPerEntry(level: piece.level)
      let span = geometry.spanMask(level: piece.level) &+ 1
      // Leaves in this piece; at most 2^64 / span, and the piece is canonical.
      let leaves = UInt64(truncatingIfNeeded: piece.range.count >> geometry[piece.level].shift)
      if isBase {
        it.move(to: UInt64(truncatingIfNeeded: piece.range.start))
        try mapFreshPages(from: UInt64(truncatingIfNeeded: piece.range.start), count: leaves, with: &it,
                          permissions: permissions, packedOwner: packedOwner)
        continue
      }
      it.move(to: UInt64(truncatingIfNeeded: piece.range.start))
      var leaf: UInt64 = 0
      while leaf < leaves {
        // Fresh memory only: mapping over a page would orphan its frame.
        if it.isPresent {
          throw .alreadyMapped("\(formatHex(it.address)) is already mapped; unmap it before allocating there again")
        }
        let frame = try memory.allocateContiguousData(count: frames, owner: owner)
        let physical = UInt64(frame) << offsetBits
        do throws(SimulationError) {
          try it.mapLargePage(to: physical, level: piece.level, permissions: permissions)
        } catch {
          // Give back the frames of the page that could not be mapped.
          for offset in 0..<frames { try? memory.release(frame + offset) }
          throw error
        }
        leaf += 1
        // Page by page through the iterator, which stays on its table.
        if leaf < leaves { it.advance(by: span) }
      }
    }
  }

  /// `count` base pages from `start` (page-aligned, translated, the pages
  /// all in the space; `it` already there), each a fresh data frame mapped through `it`'s
  /// `map(to:permissions:)`, stepping page by page (within a bottom-level
  /// table, one load; the range is canonical, so no overflow).
  ///
  /// Once the iterator stands in a bottom-level table that exists, the
  /// frames for the rest of that table's pages are taken in one run (the
  /// frames one-at-a-time allocation would give, in the same order) and
  /// mapped by `mapRun`: no page-table page is needed until the iterator
  /// leaves the table, so the run cannot take a frame a table would have had.
  @inline(__always)
  private func mapFreshPages(from start: UInt64, count: UInt64, with it: inout VirtualMemoryIterator,
                             permissions: Permissions, packedOwner: UInt32) throws(SimulationError) {
    guard count > 0 else { return }
    let offsetBits = UInt64(memory.geometry.offsetBits)
    let entriesPerBottomTable = UInt64(memory.geometry.bottomIndexMask) &+ 1
    var address = start
    var left = count
    while true {
      // Fresh memory only: mapping over a page would orphan its frame;
      // anything there (a page, a large page) is in the way.
      if !it.entryWordIsZero && it.isPresent {
        throw .alreadyMapped("\(formatHex(it.address)) is already mapped; unmap it before allocating there again")
      }
      let mapped: UInt64
      // Frames in a run (freed ones first, then the data zone's next), as
      // many as the table has empty entries from here.
      let room = it.onBottom && memory.hasDataRunFrames
        ? it.zeroEntriesFromHere(limit: Int(truncatingIfNeeded: min(left, entriesPerBottomTable))) : 0
      if room > 0, let run = memory.reserveFreedRun(count: room, packed: packedOwner) {
        try mapFreedRun(run, from: address, with: &it, permissions: permissions)
        mapped = UInt64(truncatingIfNeeded: run.count)
      } else if room > 0, let run = memory.reserveDataRun(count: room, packed: packedOwner) {
        try mapRun(run, from: address, with: &it, permissions: permissions)
        mapped = UInt64(truncatingIfNeeded: run.count)
      } else {
        // The first page of a bottom-level table (map makes the table), or
        // frames from the free list: one at a time.
        let frame = try memory.allocateData(packed: packedOwner)
        do throws(SimulationError) {
          try it.map(to: UInt64(truncatingIfNeeded: frame) &<< offsetBits, permissions: permissions)
        } catch {
          // Give back the frame of the page that could not be mapped.
          try? memory.release(frame)
          throw error
        }
        mapped = 1
      }
      left &-= mapped
      if left == 0 { return }
      address &+= mapped &<< offsetBits
      it.move(to: address)
    }
  }

  /// Maps the run's frames to consecutive pages from `address`, where `it`
  /// stands, one `map(to:permissions:)` a page. The caller has checked that
  /// those entries are empty (the run stays within one bottom-level table);
  /// on failure the unmapped rest of the run goes back. Out of line and
  /// with one value carried from page to page (the frame), so the loop
  /// keeps its state in registers.
  @inline(never)
  private func mapRun(_ run: Range<Int>, from address: UInt64, with it: inout VirtualMemoryIterator,
                      permissions: Permissions) throws(SimulationError) {
    let offsetBits = UInt64(memory.geometry.offsetBits)
    // Page of frame f: `origin + f << offsetBits` (wrapping arithmetic).
    let origin = address &- UInt64(truncatingIfNeeded: run.lowerBound) &<< offsetBits
    var frame = run.lowerBound
    while true {
      do throws(SimulationError) {
        try it.map(to: UInt64(truncatingIfNeeded: frame) &<< offsetBits, permissions: permissions)
      } catch {
        memory.returnDataRun(frame..<run.upperBound)
        throw error
      }
      frame &+= 1
      if frame == run.upperBound { return }
      it.move(to: origin &+ UInt64(truncatingIfNeeded: frame) &<< offsetBits)
    }
  }

  /// `mapRun` for frames from the free list, taken in the order
  /// `allocateData` would hand them out (the buffer's last first).
  @inline(never)
  private func mapFreedRun(_ run: UnsafeBufferPointer<Int32>, from start: UInt64, with it: inout VirtualMemoryIterator,
                           permissions: Permissions) throws(SimulationError) {
    let offsetBits = UInt64(memory.geometry.offsetBits)
    let pageSize = UInt64(1) &<< offsetBits
    var address = start
    var position = run.count
    while true {
      position &-= 1
      let frame = UInt64(truncatingIfNeeded: run[position])
      do throws(SimulationError) {
        try it.map(to: frame &<< offsetBits, permissions: permissions)
      } catch {
        memory.returnFreedRun(run, unused: position &+ 1)
        throw error
      }
      if position == 0 { return }
      address &+= pageSize
      it.move(to: address)
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
