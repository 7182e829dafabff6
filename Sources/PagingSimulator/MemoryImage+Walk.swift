import PagingCore

/// One entry read during a walk, decoded.
public struct WalkStep: Sendable, Equatable {
  /// 0 for the root.
  public let level: Int
  /// The level's name in the manual (PML4, L1, VPN[0] ...).
  public let levelName: String
  /// The entry's index in its table.
  public let index: UInt64
  /// Where the entry sits in physical memory.
  public let entryAddress: PhysicalAddress
  /// The entry's raw value.
  public let entry: UInt64
  /// What the entry says: not present, a table, or a leaf.
  public let decoded: DecodedEntry
  /// The names of the entry's set one-bit fields, in the descriptor's
  /// terms (`present`, `writable`, `user`, `accessed`, `large_page`, ...).
  public let flags: [String]
  /// What the walk allows after this step: the entries so far combined.
  public let allowed: Permissions
}

/// The outcome of walking a virtual address through a stored page table.
public struct Walk: Sendable {
  /// The entries read, root first.
  public let steps: [WalkStep]
  /// Where the walk ends, when it ends at a leaf.
  public let physicalAddress: PhysicalAddress?
  /// What the walk allows: the leaf restricted by every table above it.
  public let permissions: Permissions?
  /// The byte at the physical address, if the image has it.
  public let value: UInt8?
  /// The name of the level whose entry was not present (or unreadable).
  public let faultLevel: String?
  /// Why the walk faulted, in words.
  public let faultReason: String?
}

extension MemoryImage {
  /// Walks `pointer` from the root table at `rootAddress`, reading entries
  /// from the image and decoding them in `arch`'s format.
  ///
  /// - Complexity: O(levels).
  public func walk(_ pointer: UInt128, architecture arch: Architecture, rootAddress: PhysicalAddress)
    throws(SimulationError)
    -> Walk
  {
    let codec = try EntryCodec(arch)
    guard arch.isCanonical(pointer) else {
      return Walk(
        steps: [], physicalAddress: nil, permissions: nil, value: nil, faultLevel: nil,
        faultReason: "\(formatHex(pointer)) is not canonical: \(arch.canonicalRule)")
    }
    let translation = arch.translation(of: pointer)
    var table = rootAddress.rawValue
    var steps: [WalkStep] = []
    var allowed: Permissions = [.writable, .user, .executable]
    func fault(_ level: Int?, _ reason: String) -> Walk {
      Walk(
        steps: steps, physicalAddress: nil, permissions: nil, value: nil,
        faultLevel: level.map { arch.levels[$0].name }, faultReason: reason)
    }
    let physicalLimit = UInt128(1) << arch.physicalAddressBits
    for level in arch.levels.indices {
      let name = arch.levels[level].name
      let index = UInt64(translation.indexes[level])
      // Entry addresses are computed in 128 bits: a root near the top of
      // the 64-bit space must fault, not wrap.
      let entryAddress = UInt128(table) + UInt128(index) * UInt128(arch.entrySize)
      guard entryAddress + UInt128(arch.entrySize) <= UInt128(UInt64.max) + 1,
        let raw = littleEndian(at: PhysicalAddress(UInt64(entryAddress)), size: arch.entrySize)
      else {
        return fault(level, "the image has no bytes at \(formatHex(entryAddress))")
      }
      let decoded = codec.decode(PageTableEntry(rawValue: raw), level: level)
      if codec.isPresent(raw), codec.setsReservedBits(raw, level: level) {
        steps.append(
          WalkStep(
            level: level, levelName: name, index: index, entryAddress: PhysicalAddress(UInt64(entryAddress)),
            entry: raw,
            decoded: decoded, flags: codec.setFlags(raw), allowed: allowed))
        let bits = arch.levels[level].reservedMask & UInt128(raw)
        return fault(level, "the \(name) entry sets reserved bits (\(formatHex(bits)))")
      }
      let granted: Permissions
      switch decoded {
      case .notPresent: granted = allowed
      case .table(_, let permissions), .leaf(_, let permissions): granted = allowed.intersection(permissions)
      }
      steps.append(
        WalkStep(
          level: level, levelName: name, index: index, entryAddress: PhysicalAddress(UInt64(entryAddress)), entry: raw,
          decoded: decoded, flags: codec.setFlags(raw), allowed: granted))
      switch decoded {
      case .notPresent:
        return fault(level, "the \(name) entry is not present")
      case .table(let frame, let granted):
        allowed.formIntersection(granted)
        let next = UInt128(frame.rawValue) << arch.offsetBits
        guard next < physicalLimit else {
          return fault(
            level, "the \(name) entry points past the \(arch.physicalAddressBits)-bit physical address space")
        }
        table = UInt64(next)
      case .leaf(let frame, let granted):
        // A leaf where the level maps no large pages is a reserved encoding
        // (x86's PS bit in a PML4E); hardware faults, and so do we.
        guard arch.levels[level].mapsLeaves || level == arch.bottomLevel else {
          return fault(
            level, "reserved encoding: the \(name) entry is marked as a leaf, but \(name) entries map no pages")
        }
        // AArch64 raises an Access Flag fault on a block or page descriptor
        // whose AF is clear, unless hardware AF update (FEAT_HAFDBS) is on,
        // which is not modelled (Arm ARM DDI 0487, "The Access flag").
        if codec.lacksAccessFlag(raw), let accessed = arch.entryFormat.accessed {
          return fault(
            level,
            "access flag fault: the \(name) entry's AF (bit \(accessed)) is clear, and hardware AF update is not modelled"
          )
        }
        // A large page's frame is aligned to the page: the frame bits below
        // its size are not part of the address.
        let span = arch.entrySpanBits(atLevel: level)
        let spanMask = (UInt128(1) << span) - 1
        let base = (UInt128(frame.rawValue) << arch.offsetBits) & ~spanMask
        let physical = base | (arch.translatedBits(of: pointer) & spanMask)
        guard physical < physicalLimit else {
          return fault(level, "the \(name) entry maps past the \(arch.physicalAddressBits)-bit physical address space")
        }
        return Walk(
          steps: steps, physicalAddress: PhysicalAddress(UInt64(physical)), permissions: granted.intersection(allowed),
          value: byte(at: PhysicalAddress(UInt64(physical))), faultLevel: nil, faultReason: nil)
      }
    }
    return fault(arch.bottomLevel, "no leaf found")
  }
}

extension WalkStep {
  /// What the step means, in words: `table at pa 0x2000`, `leaf: 2 MiB
  /// page at pa 0x400000`, or `not present`.
  public func meaning(in arch: Architecture) -> String {
    switch decoded {
    case .notPresent: return "not present"
    case .table(let frame, _):
      return "table at pa \(formatHex(UInt128(frame.rawValue) << arch.offsetBits))"
    case .leaf(let frame, _):
      let size = arch.entrySpan(atLevel: level)
      let base = (UInt128(frame.rawValue) << arch.offsetBits) & ~(size - 1)
      return "leaf: \(pageSizeAdjective(size)) page at pa \(formatHex(base))"
    }
  }

  /// The frame number the entry holds, when it is present.
  public var frame: FrameNumber? {
    switch decoded {
    case .notPresent: return nil
    case .table(let frame, _), .leaf(let frame, _): return frame
    }
  }
}
