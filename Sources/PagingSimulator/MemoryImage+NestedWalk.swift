import PagingCore

/// One memory reference of a two-stage walk through an image.
public struct NestedWalkReference: Sendable, Equatable {
  /// Which tables the entry belongs to.
  public let stage: NestedReference.Stage
  /// What the reference is for: the guest entry (or the data) whose
  /// guest-physical address a host walk translates.
  public let target: NestedReference.Target
  /// The guest-physical address a host reference is translating; for a
  /// guest reference, the guest entry's own guest-physical address.
  public let guestPhysicalAddress: PhysicalAddress
  /// The entry read, decoded in its stage's format; its `entryAddress` is
  /// host-physical.
  public let step: WalkStep

  /// The reference in the analytic model's terms, to compare with
  /// `PagingCore`'s `NestedWalk.references` and to describe.
  public var reference: NestedReference { NestedReference(stage: stage, level: step.level, target: target) }
}

/// The outcome of walking a guest virtual address through both stages.
public struct NestedImageWalk: Sendable {
  /// Every entry read, in the order the hardware reads them.
  public let references: [NestedWalkReference]
  /// The guest-physical address the guest's tables give, when they give one.
  public let guestPhysicalAddress: PhysicalAddress?
  /// The host-physical address the walk ends at.
  public let hostPhysicalAddress: PhysicalAddress?
  /// What the guest's tables allow.
  public let guestPermissions: Permissions?
  /// What the host's tables allow for the data page.
  public let hostPermissions: Permissions?
  /// The byte at the host-physical address, if the image has it.
  public let value: UInt8?
  /// The stage whose walk faulted.
  public let faultStage: NestedReference.Stage?
  /// The name of the level whose entry faulted, in its stage's terms.
  public let faultLevel: String?
  /// Why the walk faulted, in words.
  public let faultReason: String?
}

extension MemoryImage {
  /// Walks guest `pointer` through two stages held in this (host-physical)
  /// image: the guest's tables from the guest-physical `guestRoot`, each of
  /// whose entries is found by first walking its guest-physical address
  /// through the host's tables from the host-physical `hostRoot`; then the
  /// data's guest-physical address through the host's tables.
  ///
  /// The references come out in the order of `NestedWalk.references`:
  /// for an *n*-level guest on an *m*-level host, (*n* + 1)(*m* + 1) − 1 of
  /// them when nothing faults and no large page ends a walk early.
  ///
  /// - Complexity: O(*n* × *m*).
  public func nestedWalk(
    _ pointer: UInt128, guest: Architecture, guestRoot: PhysicalAddress,
    host: Architecture, hostRoot: PhysicalAddress
  ) throws(SimulationError) -> NestedImageWalk {
    let guestCodec = try EntryCodec(guest)
    var references: [NestedWalkReference] = []
    func fault(_ stage: NestedReference.Stage, _ level: String?, _ reason: String) -> NestedImageWalk {
      NestedImageWalk(
        references: references, guestPhysicalAddress: nil, hostPhysicalAddress: nil, guestPermissions: nil,
        hostPermissions: nil, value: nil, faultStage: stage, faultLevel: level, faultReason: reason)
    }
    /// The host walk of `address`: its references appended, its result returned.
    func hostWalk(_ address: UInt128, for target: NestedReference.Target) throws(SimulationError) -> Walk {
      let walk = try self.walk(address, architecture: host, rootAddress: hostRoot)
      references += walk.steps.map {
        NestedWalkReference(
          stage: .host, target: target, guestPhysicalAddress: PhysicalAddress(UInt64(truncatingIfNeeded: address)),
          step: $0)
      }
      return walk
    }
    guard guest.isCanonical(pointer) else {
      return fault(.guest, nil, "\(formatHex(pointer)) is not canonical: \(guest.canonicalRule)")
    }
    let translation = guest.translation(of: pointer)
    let guestPhysicalLimit = UInt128(1) << guest.physicalAddressBits
    var table = UInt128(guestRoot.rawValue)
    var allowed: Permissions = [.writable, .user, .executable]
    for level in guest.levels.indices {
      let name = guest.levels[level].name
      let index = UInt64(translation.indexes[level])
      let entryAddress = table + UInt128(index) * UInt128(guest.entrySize)
      let target = NestedReference.Target.guestEntry(level: level)
      let hostResult = try hostWalk(entryAddress, for: target)
      guard let hostAddress = hostResult.physicalAddress else {
        return fault(
          .host, hostResult.faultLevel,
          "translating the guest's \(name) entry at gpa \(formatHex(entryAddress)): \(hostResult.faultReason ?? "no leaf")"
        )
      }
      guard let raw = littleEndian(at: hostAddress, size: guest.entrySize) else {
        return fault(
          .guest, name,
          "the image has no bytes at \(formatHex(hostAddress)) (the \(name) entry at gpa \(formatHex(entryAddress)))")
      }
      let decoded = guestCodec.decode(PageTableEntry(rawValue: raw), level: level)
      let granted: Permissions
      switch decoded {
      case .notPresent: granted = allowed
      case .table(_, let permissions), .leaf(_, let permissions): granted = allowed.intersection(permissions)
      }
      references.append(
        NestedWalkReference(
          stage: .guest, target: target, guestPhysicalAddress: PhysicalAddress(UInt64(entryAddress)),
          step: WalkStep(
            level: level, levelName: name, index: index, entryAddress: hostAddress, entry: raw,
            decoded: decoded, flags: guestCodec.setFlags(raw), allowed: granted)))
      switch decoded {
      case .notPresent:
        return fault(.guest, name, "the \(name) entry is not present")
      case .table(let frame, _):
        allowed = granted
        table = UInt128(frame.rawValue) << guest.offsetBits
        guard table < guestPhysicalLimit else {
          return fault(
            .guest, name,
            "the \(name) entry points past the \(guest.physicalAddressBits)-bit guest-physical address space")
        }
      case .leaf(let frame, _):
        guard guest.levels[level].mapsLeaves || level == guest.bottomLevel else {
          return fault(
            .guest, name, "reserved encoding: the \(name) entry is marked as a leaf, but \(name) entries map no pages")
        }
        let spanMask = (UInt128(1) << guest.entrySpanBits(atLevel: level)) - 1
        let guestPhysical =
          ((UInt128(frame.rawValue) << guest.offsetBits) & ~spanMask) | (guest.translatedBits(of: pointer) & spanMask)
        guard guestPhysical < guestPhysicalLimit else {
          return fault(
            .guest, name,
            "the \(name) entry maps past the \(guest.physicalAddressBits)-bit guest-physical address space")
        }
        let data = try hostWalk(guestPhysical, for: .data)
        guard let hostPhysical = data.physicalAddress else {
          return fault(
            .host, data.faultLevel,
            "translating the data at gpa \(formatHex(guestPhysical)): \(data.faultReason ?? "no leaf")")
        }
        return NestedImageWalk(
          references: references, guestPhysicalAddress: PhysicalAddress(UInt64(guestPhysical)),
          hostPhysicalAddress: hostPhysical, guestPermissions: granted,
          hostPermissions: data.permissions, value: data.value,
          faultStage: nil, faultLevel: nil, faultReason: nil)
      }
    }
    return fault(.guest, guest.levels.last?.name, "no leaf found")
  }
}
