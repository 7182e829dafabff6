import PagingCore

/// A stretch of virtual memory mapped alike: contiguous virtual addresses,
/// one page size, one set of effective permissions, as Linux's ptdump and
/// gdb-pt-dump list them.
public struct MappingRun: Sendable, Equatable {
  /// The first address, in pointer form (canonical).
  public let virtualStart: UInt128
  /// Bytes the run covers.
  public let size: UInt128
  /// The first physical address, or nil when the frames are not contiguous.
  public let physicalStart: PhysicalAddress?
  /// Pages of ``pageSize`` in the run.
  public let pages: UInt128
  /// The size of each page (a large page, at levels above the bottom).
  public let pageSize: UInt128
  /// What the walk allows: the leaf's bits restricted by every table above.
  public let permissions: Permissions
  /// The leaf's level (0 for the root) and its name.
  public let level: Int
  /// The name of the leaf's level in the manual (`PT`, `PD`).
  public let levelName: String
}

/// Something wrong found while listing an image's mappings.
public struct MappingFault: Sendable, Equatable {
  /// Where in the virtual space the faulty entry sits (pointer form).
  public let virtualAddress: UInt128
  /// The level whose entry is at fault.
  public let levelName: String
  /// Where that entry sits in physical memory.
  public let entryAddress: PhysicalAddress
  /// What is wrong, in words.
  public let reason: String
}

/// Every mapping reachable from a root, merged into runs, with what is wrong.
public struct MappingList: Sendable, Equatable {
  /// The runs, in virtual-address order.
  public var runs: [MappingRun] = []
  /// What is wrong in the image, in the order found.
  public var faults: [MappingFault] = []
  /// True when listing stopped at ``MemoryImage/mappingEntryLimit`` entries
  /// read or ``MemoryImage/mappingRunLimit`` runs and faults listed.
  public var truncated = false
}

extension MemoryImage {
  /// The most entries one listing reads: tables shared many times over
  /// could otherwise make a small image take years.
  public static let mappingEntryLimit = 1 << 24
  /// The most runs and faults one listing holds, so a small crafted image
  /// cannot make a listing of millions of lines.
  public static let mappingRunLimit = 1 << 16

  /// Lists every mapping reachable from the root at `rootAddress`, in
  /// virtual-address order, merged into runs. Tables the image lacks,
  /// tables that point back up the tree, leaves where a level maps no pages
  /// and frames beyond the physical address space are listed as faults.
  ///
  /// - Complexity: O(*e*) in the entries of the reachable tables, at most
  ///   ``mappingEntryLimit``.
  public func mappings(architecture arch: Architecture, rootAddress: PhysicalAddress) throws(SimulationError)
    -> MappingList
  {
    var lister = MappingLister(image: self, arch: arch, codec: try EntryCodec(arch))
    lister.visit(table: rootAddress.rawValue, level: 0, base: 0, allowed: [.writable, .user, .executable], path: [])
    lister.flush()
    return lister.list
  }
}

/// The depth-first walk behind ``MemoryImage/mappings(architecture:rootAddress:)``.
private struct MappingLister {
  let image: MemoryImage
  let arch: Architecture
  let codec: EntryCodec
  var list = MappingList()
  var entriesRead = 0
  /// The run being grown: its last page's physical address, for the
  /// contiguity test.
  var open: (run: MappingRun, lastPhysical: UInt64)?

  init(image: MemoryImage, arch: Architecture, codec: EntryCodec) {
    self.image = image
    self.arch = arch
    self.codec = codec
  }

  mutating func fault(_ base: UInt128, _ level: Int, _ entryAddress: UInt64, _ reason: String) {
    list.faults.append(
      MappingFault(
        virtualAddress: arch.pointer(forTranslated: base), levelName: arch.levels[level].name,
        entryAddress: PhysicalAddress(entryAddress), reason: reason))
  }

  mutating func visit(table: UInt64, level: Int, base: UInt128, allowed: Permissions, path: [UInt64]) {
    let span = arch.entrySpan(atLevel: level)
    let physicalLimit = UInt128(1) << arch.physicalAddressBits
    for index in 0..<Int(arch.entries(atLevel: level)) {
      guard entriesRead < MemoryImage.mappingEntryLimit,
        list.runs.count + list.faults.count < MemoryImage.mappingRunLimit
      else {
        list.truncated = true
        return
      }
      entriesRead += 1
      let entryAddress = UInt128(table) + UInt128(index * arch.entrySize)
      let address = base + UInt128(index) * span
      guard entryAddress + UInt128(arch.entrySize) <= UInt128(UInt64.max),
        let raw = image.littleEndian(at: PhysicalAddress(UInt64(entryAddress)), size: arch.entrySize)
      else {
        fault(
          address, level, UInt64(truncatingIfNeeded: entryAddress),
          "the table at pa \(formatHex(table)) is not in the image")
        return
      }
      switch codec.decode(PageTableEntry(rawValue: raw), level: level) {
      case .notPresent: continue
      case .table(let frame, let permissions):
        let next = UInt128(frame.rawValue) << arch.offsetBits
        guard next < physicalLimit else {
          fault(
            address, level, UInt64(entryAddress),
            "points past the \(arch.physicalAddressBits)-bit physical address space")
          continue
        }
        guard !path.contains(UInt64(next)), UInt64(next) != table else {
          fault(address, level, UInt64(entryAddress), "points back up the tree, to the table at pa \(formatHex(next))")
          continue
        }
        visit(
          table: UInt64(next), level: level + 1, base: address, allowed: allowed.intersection(permissions),
          path: path + [table])
      case .leaf(let frame, let permissions):
        guard arch.levels[level].mapsLeaves || level == arch.bottomLevel else {
          fault(
            address, level, UInt64(entryAddress),
            "reserved encoding: marked as a leaf, but \(arch.levels[level].name) entries map no pages")
          continue
        }
        let physical = (UInt128(frame.rawValue) << arch.offsetBits) & ~(span - 1)
        guard physical + span <= physicalLimit else {
          fault(
            address, level, UInt64(entryAddress), "maps past the \(arch.physicalAddressBits)-bit physical address space"
          )
          continue
        }
        add(
          address, size: span, physical: UInt64(physical), permissions: allowed.intersection(permissions), level: level)
      }
    }
  }

  /// Adds one leaf, growing the open run when it continues it.
  mutating func add(_ address: UInt128, size: UInt128, physical: UInt64, permissions: Permissions, level: Int) {
    let pointer = arch.pointer(forTranslated: address)
    // Contiguous as pointers: the two sides of a sign-extension hole never join.
    if let (run, last) = open, run.level == level, run.permissions == permissions,
      run.virtualStart + run.size == pointer
    {
      let contiguous = run.physicalStart != nil && UInt128(last) + size == UInt128(physical)
      open = (
        MappingRun(
          virtualStart: run.virtualStart, size: run.size + size,
          physicalStart: contiguous ? run.physicalStart : nil, pages: run.pages + 1, pageSize: size,
          permissions: permissions, level: level, levelName: run.levelName), physical
      )
      return
    }
    flush()
    open = (
      MappingRun(
        virtualStart: pointer, size: size, physicalStart: PhysicalAddress(physical), pages: 1, pageSize: size,
        permissions: permissions, level: level, levelName: arch.levels[level].name), physical
    )
  }

  mutating func flush() {
    if let (run, _) = open { list.runs.append(run) }
    open = nil
  }
}
