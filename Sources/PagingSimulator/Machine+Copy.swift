import PagingCore

// Copying mappings from one tree into another: new processes take the
// kernel's, fork the parent's, a leaf at a time through the target iterator.
extension Machine {
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
  /// time: a walk of the source tables (each entry read once, see
  /// ``TableSource/walkTree(_:level:base:state:_:)``) and a map through
  /// the target iterator, which stays within a table while it can.
  func copyMappings(
    fromRoot sourceRoot: FrameNumber, to target: inout VirtualMemoryIterator,
    policy: CopyPolicy
  ) throws(SimulationError) {
    var copy = TreeCopy(machine: self, target: target, policy: policy)
    defer { target = copy.target }
    try memory.walkTree(sourceRoot, level: 0, base: 0, state: [.writable, .user, .executable], &copy)
  }

  /// A large page of the source at `level`, copied as `policy` says.
  fileprivate func copyLargePage(
    _ raw: UInt64, level: Int, address: UInt64, allowed: Permissions,
    to target: inout VirtualMemoryIterator, policy: CopyPolicy
  ) throws(SimulationError) {
    let geometry = memory.geometry
    guard case .leaf(let frame, let leafPermissions) = memory.codec.decode(PageTableEntry(rawValue: raw), level: level)
    else { return }
    let permissions = leafPermissions.intersection(allowed)
    let frames = geometry.framesPerEntry(level: level)
    var targetFrame = frame
    var counted = false
    switch policy {
    case .shareAll:
      break
    case .shareUserPages where permissions.contains(.user),
      .copyWritableUserPages where permissions.contains(.user) && !permissions.contains(.writable):
      for offset in 0..<frames { try memory.share(frame.advanced(by: offset)) }
      counted = true
    case .copyWritableUserPages where permissions.contains(.user):
      let owner = FrameOwner.data(process: target.process)
      targetFrame =
        frames == 1
        ? try memory.allocateData(owner: owner)
        : try memory.allocateContiguousData(count: frames, owner: owner)
      counted = true
    case .shareUserPages, .copyWritableUserPages:
      break  // kernel mappings: shared, still the kernel's
    }
    // Usually within the target table the last leaf went to: no walk.
    target.move(to: address)
    let physical = targetFrame.address(offsetBits: geometry.offsetBits)
    do throws(SimulationError) {
      try target.mapLargePage(to: physical, level: level, permissions: permissions)
    } catch {
      // Give back the share or the copy this mapping would have held.
      if counted { for offset in 0..<frames { try? memory.release(targetFrame.advanced(by: offset)) } }
      throw error
    }
  }

  /// The copy of a bottom-level table, the bulk of any copy: each entry
  /// read once with one mask test, then shared (or copied) and mapped. The
  /// first leaf goes through the target iterator (which finds or makes the
  /// target's table and checks the pointers above); the rest of the table's
  /// leaves, with the same permissions, are stored straight into that table,
  /// since a source and a target bottom-level table cover the same span.
  @inline(__always)
  fileprivate func copyBottomTable(
    _ bytes: UnsafeMutableRawPointer, from start: Int, count: Int, shift: UInt64, base: UInt64,
    allowed: Permissions, to target: inout VirtualMemoryIterator,
    policy: CopyPolicy
  ) throws(SimulationError) {
    // The codec is read in place, never copied (a copy retains its arrays).
    let memory = self.memory
    let isLeaf = memory.codec.bottomLeafTest
    let (frameField, permissionField) = (memory.codec.frameField, memory.codec.permissionField)
    let entrySize = memory.entrySize
    let offsetBits = UInt64(memory.geometry.offsetBits)
    let frameCount = UInt64(memory.frameCount)
    let owners = memory.ownerBytes
    // A leaf's permissions depend only on these bits, and neighbouring
    // leaves usually share them: decode them when they change.
    var lastBits = UInt64.max
    var permissions: Permissions = []
    var leafBits: UInt64 = 0
    // The target table, once a leaf with the current permissions has been
    // mapped into it through the iterator.
    var direct: UnsafeMutableRawPointer? = nil
    try forEachPresent(bytes, from: start, count: count, size: entrySize, present: memory.codec.presentBit) {
      (index, raw) throws(SimulationError) in
      // Exactly the entries `decode` calls leaves at the bottom level.
      if !isLeaf.matches(raw) { return }
      let frame = FrameNumber(frameField.read(raw))
      if permissionField.read(raw) != lastBits {
        lastBits = permissionField.read(raw)
        permissions = memory.codec.leafPermissions(raw).intersection(allowed)
        leafBits = memory.codec.bottomLeaf(frame: 0, permissions: permissions).rawValue
        direct = nil  // the pointers above must allow the new permissions
      }
      var targetFrame = frame
      var counted = false
      if permissions.contains(.user) {
        switch policy {
        case .shareAll:
          break
        case .shareUserPages:
          if !owners.shareQuickly(frame.index) { try memory.share(frame) }
          counted = true
        case .copyWritableUserPages:
          if permissions.contains(.writable) {
            targetFrame = try memory.allocateData(packed: FrameOwner.data(process: target.process).packed)
          } else {
            try memory.share(frame)
          }
          counted = true
        }
      }
      if let direct, targetFrame.rawValue < frameCount {
        storeEntry(frameField.placing(targetFrame.rawValue, into: leafBits), direct, index: index, size: entrySize)
      } else {
        target.move(to: base | UInt64(index) &<< shift)
        do throws(SimulationError) {
          try target.map(to: PhysicalAddress(targetFrame.rawValue &<< offsetBits), permissions: permissions)
        } catch {
          // Give back the share or the copy this mapping would have held.
          if counted { try? memory.release(targetFrame) }
          throw error
        }
        direct = target.bottomTableBytes
        // The direct stores to come fall within this table's written stretch.
        if direct != nil { memory.noteWritten(table: target.table, from: index, to: count) }
      }
    }
  }
}

/// Fork (and a new process's kernel mappings) as a visit of the source
/// tree: each leaf mapped into `target`, shared or copied as `policy` says.
/// The state is what the source's pointers above allow.
private struct TreeCopy: TableVisitor {
  unowned(unsafe) let machine: Machine
  var target: VirtualMemoryIterator
  let policy: Machine.CopyPolicy

  @inline(__always)
  func enter(child: FrameNumber, pointer raw: UInt64, level: Int, base: UInt64, state allowed: Permissions)
    -> Permissions?
  {
    guard case .table(_, let granted) = machine.memory.codec.decode(PageTableEntry(rawValue: raw), level: level) else {
      return nil
    }
    return allowed.intersection(granted)
  }

  @inline(__always)
  mutating func largePage(_ raw: UInt64, level: Int, address: UInt64, state allowed: Permissions)
    throws(SimulationError)
  {
    try machine.copyLargePage(raw, level: level, address: address, allowed: allowed, to: &target, policy: policy)
  }

  @inline(__always)
  mutating func bottomTable(
    _ table: FrameNumber, bytes: UnsafeMutableRawPointer, from start: Int, to end: Int, base: UInt64,
    state allowed: Permissions
  ) throws(SimulationError) {
    let shift = machine.memory.geometry[machine.memory.geometry.bottom].shift
    try machine.copyBottomTable(
      bytes, from: start, count: end, shift: shift, base: base, allowed: allowed, to: &target, policy: policy)
  }

  @inline(__always)
  func leave(table: FrameNumber, level: Int, state: Permissions) {}
}
