/// A guest architecture running on a host's second-stage tables: the
/// worst-case walks (``NestedWalk``) and, for a virtual machine of a given
/// size, the page-table pages on each side.
///
///     let answer = try NestedTranslation(guest: x86_64, host: x86_64,
///                                        machine: .init(guestMemoryBytes: 1 << 30, mappedBytes: 4096, processes: 1))
///     answer.baseWalk.memoryReferences        // 24
///     answer.tables?.side(largePages: false).guestPages   // 4: one table per level
///     answer.tables?.side(largePages: false).hostPages    // 515: 512 PTs map 1 GiB, one table above each
///
/// - Complexity: O(*n* × *m*) walks for *n* guest and *m* host leaf levels;
///   the tables cost what ``Footprint`` costs for one range on each side.
public struct NestedTranslation: Sendable {
  /// The architecture whose tables the guest's processes use (first stage).
  public let guest: Architecture
  /// The architecture of the host's second-stage tables.
  public let host: Architecture
  /// Every combination of guest and host page sizes, base pages in both
  /// stages first (see ``NestedWalk/all(guest:host:)``).
  public let walks: [NestedWalk]
  /// The page-table pages of the virtual machine, when its size was given.
  public let tables: VirtualMachineTables?
  /// Caveats about the pair, in sentences.
  public let notes: [String]

  /// The worst case with base pages in both stages: the longest walk.
  public var baseWalk: NestedWalk { walks[0] }

  /// Works out the walks for `guest` on `host` and, with `machine`, the
  /// tables. Throws when the machine's guest-physical memory does not fit
  /// the guest's physical addresses or the host's input addresses, or a
  /// count does not fit in 128 bits.
  public init(guest: Architecture, host: Architecture, machine: VirtualMachineSize? = nil)
    throws(NestedTranslationError)
  {
    self.guest = guest
    self.host = host
    walks = NestedWalk.all(guest: guest, host: host)
    tables = try machine.map { size throws(NestedTranslationError) in
      try VirtualMachineTables(guest: guest, host: host, size: size)
    }
    var notes: [String] = []
    let reach = host.guestPhysicalReach
    if UInt128(1) << guest.physicalAddressBits > reach {
      notes.append(
        "\(guest.name)'s physical addresses have \(guest.physicalAddressBits) bits, but \(host.name)'s input addresses from 0 reach \(formatBytes(reach)): the hypervisor must give the guest no more guest-physical addresses than that (on x86, a smaller MAXPHYADDR in CPUID)"
      )
    }
    if host.upperBits == .signExtend {
      notes.append(
        "\(host.name) sign-extends its input addresses, so only its lower half (0 to \(formatHex(reach - 1))) holds guest-physical addresses; a real second stage (EPT, Sv39x4, stage 2) zero-extends them"
      )
    }
    self.notes = notes
  }
}

/// The size of a virtual machine: its guest-physical memory and what its
/// processes map.
public struct VirtualMachineSize: Sendable, Equatable {
  /// Bytes of guest-physical memory, mapped by the host from address 0.
  public var guestMemoryBytes: UInt128
  /// Bytes each process maps, contiguously from address 0 (0: none).
  public var mappedBytes: UInt128
  /// How many processes map `mappedBytes` each.
  public var processes: UInt128

  /// A machine of `guestMemoryBytes` whose `processes` map `mappedBytes` each.
  public init(guestMemoryBytes: UInt128, mappedBytes: UInt128 = 0, processes: UInt128 = 1) {
    self.guestMemoryBytes = guestMemoryBytes
    self.mappedBytes = mappedBytes
    self.processes = processes
  }
}

/// A nested-translation question the architectures cannot answer, with the
/// part of the question at fault.
public struct NestedTranslationError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The quantity at fault.
  public enum Field: Sendable, Equatable {
    /// The guest's physical memory (``VirtualMachineSize/guestMemoryBytes``).
    case guestMemory
    /// The bytes each guest process maps (``VirtualMachineSize/mappedBytes``).
    case mappedBytes
    /// The number of guest processes (``VirtualMachineSize/processes``).
    case processes
  }

  /// The quantity at fault.
  public let field: Field
  /// What is wrong, in one sentence.
  public let message: String

  /// An error about `field`.
  public init(_ field: Field, _ message: String) {
    self.field = field
    self.message = message
  }

  /// The message.
  public var description: String { message }
}

extension Architecture {
  /// How far this architecture's input addresses reach from 0 when it
  /// serves as a second stage: the whole space, or the lower half when the
  /// upper bits are sign-extended (the upper half is not reachable from 0
  /// without crossing the hole).
  public var guestPhysicalReach: UInt128 {
    upperBits == .signExtend ? addressSpaceBytes / 2 : addressSpaceBytes
  }
}
