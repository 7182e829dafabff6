/// One memory reference of a two-dimensional (nested) page walk.
public struct NestedReference: Sendable, Equatable {
  /// Which set of tables the reference reads.
  public enum Stage: String, Sendable, Equatable {
    /// The guest's own tables (its CR3, satp or TTBR), in guest-physical memory.
    case guest
    /// The host's second-stage tables (EPT, hgatp's G-stage, VTTBR's stage 2).
    case host
  }

  /// What a host walk is translating: the guest entry read at a guest
  /// level (root is 0), or the data the guest walk ends at.
  public enum Target: Sendable, Equatable {
    /// The guest's entry at this level (root 0).
    case guestEntry(level: Int)
    /// The data the guest's leaf maps.
    case data
  }

  /// The tables read.
  public let stage: Stage
  /// The level read in that stage's tables, root 0.
  public let level: Int
  /// What the reference serves: for a `host` reference, the guest entry
  /// (or the data) whose guest-physical address the host walk translates;
  /// for a `guest` reference, the guest entry it reads.
  public let target: Target

  /// A reference to `level` of `stage`'s tables, made for `target`.
  public init(stage: Stage, level: Int, target: Target) {
    self.stage = stage
    self.level = level
    self.target = target
  }
}

/// The worst case of a two-dimensional walk: a TLB miss with nothing
/// cached, where the guest's tables live in guest-physical memory and every
/// guest-physical address the walk meets must itself be walked through the
/// host's tables.
///
/// With an *n*-level guest walk and an *m*-level host walk, each of the *n*
/// guest entries sits at a guest-physical address, so the host walks it
/// (*m* references) before the guest entry is read (1 more); the guest's
/// last entry gives the data's guest-physical address, which the host walks
/// once more (*m*). In all *n*(*m* + 1) + *m* = (*n* + 1)(*m* + 1) − 1:
///
///     4-level guest on 4-level EPT:    5 × 5 − 1 = 24
///     5-level guest on 5-level EPT:    6 × 6 − 1 = 35
///     Sv39 (3) on Sv39x4 (3):          4 × 4 − 1 = 15
///
/// A large page ends a walk early: a guest leaf at its 2 MiB level makes
/// *n* = 3 on x86-64, and a host that maps the guest's memory with 1 GiB
/// pages makes every host walk *m* = 2.
///
/// The count is the one in Bhargava, Serebrin, Spadini and Manne,
/// "Accelerating Two-Dimensional Page Walks for Virtualized Systems"
/// (ASPLOS 2008), which gives 24 references for 4 levels on 4. The walk order follows
/// the Intel SDM (volume 3C, the EPT chapter: guest paging-structure
/// addresses are guest-physical and translated by EPT) and the RISC-V
/// privileged specification (hypervisor extension, two-stage address
/// translation: "VS-stage" entries read through the G-stage). Neither
/// counts paging-structure caches, which real hardware has and which this
/// model leaves out on purpose: it is the bound, not the average.
///
/// - Complexity: O(*n* × *m*) for ``references``; the count is O(1).
public struct NestedWalk: Sendable, Equatable {
  /// Guest entries read: the guest's levels down to its leaf.
  public let guestReads: Int
  /// Host entries read per host walk: the host's levels down to its leaf.
  public let hostReadsPerWalk: Int
  /// The guest page size the walk ends at (a base or a large page).
  public let guestPageSize: UInt128
  /// The host page size mapping guest-physical memory.
  public let hostPageSize: UInt128

  /// A walk ending at guest level `guestLeafLevel` and host level
  /// `hostLeafLevel` (root 0), which must be leaf levels of their architectures.
  public init(guest: Architecture, guestLeafLevel: Int, host: Architecture, hostLeafLevel: Int) {
    guestReads = guestLeafLevel + 1
    hostReadsPerWalk = hostLeafLevel + 1
    guestPageSize = guest.entrySpan(atLevel: guestLeafLevel)
    hostPageSize = host.entrySpan(atLevel: hostLeafLevel)
  }

  /// Host walks: one for each guest entry and one for the data.
  public var hostWalks: Int { guestReads + 1 }
  /// Host entries read in all.
  public var hostReads: Int { hostWalks * hostReadsPerWalk }
  /// Every memory reference: (guest reads + 1)(host reads per walk + 1) − 1.
  public var memoryReferences: Int { guestReads + hostReads }

  /// The references in the order the hardware makes them: a host walk of
  /// each guest entry's address, then that entry; a host walk of the data's
  /// address last.
  public var references: [NestedReference] {
    var order: [NestedReference] = []
    for guestLevel in 0...guestReads {
      let target: NestedReference.Target = guestLevel < guestReads ? .guestEntry(level: guestLevel) : .data
      for hostLevel in 0..<hostReadsPerWalk {
        order.append(NestedReference(stage: .host, level: hostLevel, target: target))
      }
      if guestLevel < guestReads {
        order.append(NestedReference(stage: .guest, level: guestLevel, target: target))
      }
    }
    return order
  }
}

extension NestedWalk {
  /// Every combination of a guest leaf level and a host leaf level, base
  /// pages in both stages first, then by guest page size and host page
  /// size, smaller first.
  public static func all(guest: Architecture, host: Architecture) -> [NestedWalk] {
    guest.leafLevels.reversed().flatMap { guestLevel in
      host.leafLevels.reversed().map { hostLevel in
        NestedWalk(guest: guest, guestLeafLevel: guestLevel, host: host, hostLeafLevel: hostLevel)
      }
    }
  }
}
