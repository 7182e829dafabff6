/// The page-table pages a virtual machine costs on each side, by the
/// analytic engine (``Footprint``):
///
/// - **guest:** each of the processes maps its bytes contiguously from
///   address 0 (every table boundary aligned: the fewest tables) in the
///   guest's tables, which live in guest-physical memory;
/// - **host:** one mapping of the whole guest-physical memory, from
///   guest-physical address 0, in the host's second-stage tables.
///
/// Each side is counted with base pages, and with the largest pages that
/// fit (``Architecture/footprint(of:largePages:)``).
public struct VirtualMachineTables: Sendable, Equatable {
  /// The machine counted.
  public let size: VirtualMachineSize
  /// One process's pages in the guest with base pages.
  public let guestPerProcess: Footprint
  /// One process's pages in the guest with large pages where they fit.
  public let guestPerProcessLargePages: Footprint
  /// The guest's page-table pages for every process, per level, root first.
  public let guestPageTablePagesPerLevel: [UInt128]
  /// The same with large pages.
  public let guestPageTablePagesPerLevelLargePages: [UInt128]
  /// The guest-physical memory the processes' data and tables take.
  public let guestBytesUsed: UInt128
  /// The host's tables mapping all of guest-physical memory with base pages.
  public let host: Footprint
  /// The same with the host's large pages where they fit.
  public let hostLargePages: Footprint
  /// The guest's base page size.
  public let guestPageSize: UInt128
  /// The host's base page size.
  public let hostPageSize: UInt128

  /// Counts the tables of `size` for `guest` on `host`; throws when a
  /// quantity does not fit the architectures or 128 bits.
  public init(guest: Architecture, host: Architecture, size: VirtualMachineSize) throws(NestedTranslationError) {
    self.size = size
    guestPageSize = guest.pageSize
    hostPageSize = host.pageSize
    let memory = size.guestMemoryBytes
    guard memory > 0 else {
      throw NestedTranslationError(.guestMemory, "a virtual machine needs some guest-physical memory, got 0 bytes")
    }
    let guestPhysical = UInt128(1) << guest.physicalAddressBits
    guard memory <= guestPhysical else {
      throw NestedTranslationError(
        .guestMemory,
        "\(formatBytesExactly(memory)) of guest-physical memory is more than \(guest.name)'s \(guest.physicalAddressBits)-bit physical addresses reach (\(formatBytes(guestPhysical)))"
      )
    }
    let reach = host.guestPhysicalReach
    guard memory <= reach else {
      throw NestedTranslationError(
        .guestMemory,
        "\(formatBytesExactly(memory)) of guest-physical memory does not fit in \(host.name)'s input addresses, which reach \(formatBytes(reach)) from 0"
      )
    }
    let mapped: AddressRange
    do { mapped = try guest.range(of: .bytes(size.mappedBytes), placement: .at(0)) } catch {
      throw NestedTranslationError(.mappedBytes, "\(guest.name): \(error.message)")
    }
    guestPerProcess = guest.footprint(of: [mapped])
    guestPerProcessLargePages = guest.footprint(of: [mapped], largePages: true)
    func times(_ value: UInt128) throws(NestedTranslationError) -> UInt128 {
      let (product, overflow) = value.multipliedReportingOverflow(by: size.processes)
      guard !overflow else {
        throw NestedTranslationError(
          .processes, "\(size.processes) processes of \(counted(value, "page")) each do not fit in 128 bits")
      }
      return product
    }
    var perLevel: [UInt128] = []
    var perLevelLarge: [UInt128] = []
    for level in guest.levels.indices {
      perLevel.append(try times(guestPerProcess.pageTablePagesPerLevel[level]))
      perLevelLarge.append(try times(guestPerProcessLargePages.pageTablePagesPerLevel[level]))
    }
    guestPageTablePagesPerLevel = perLevel
    guestPageTablePagesPerLevelLargePages = perLevelLarge
    let pages = try times(guestPerProcess.totalPages)
    let (used, overflow) = pages.multipliedReportingOverflow(by: guest.pageSize)
    guard !overflow, used <= memory else {
      let need = overflow ? "more than 2^128 bytes" : formatBytesExactly(used)
      throw NestedTranslationError(
        .mappedBytes,
        "\(counted(size.processes, "process", "processes")) mapping \(formatBytesExactly(size.mappedBytes)) each need \(need) of guest-physical memory with their page tables, more than the \(formatBytesExactly(memory)) the virtual machine has"
      )
    }
    guestBytesUsed = used
    let all = AddressRange(start: 0, end: memory)
    self.host = host.footprint(of: [all])
    hostLargePages = host.footprint(of: [all], largePages: true)
  }

  /// One way of mapping both sides, base pages or large pages: the page-table
  /// pages and bytes of the guest (every process) and of the host.
  public struct Side: Sendable, Equatable {
    /// The guest's page-table pages for every process, per level, root first.
    public let guestPagesPerLevel: [UInt128]
    /// The host's page-table pages, per level, root first.
    public let hostPagesPerLevel: [UInt128]
    /// The guest's base page size.
    public let guestPageSize: UInt128
    /// The host's base page size.
    public let hostPageSize: UInt128

    /// The guest's page-table pages in all.
    public var guestPages: UInt128 { guestPagesPerLevel.reduce(0, +) }
    /// The host's page-table pages in all.
    public var hostPages: UInt128 { hostPagesPerLevel.reduce(0, +) }
    /// Cannot overflow: the guest's tables are part of ``VirtualMachineTables/guestBytesUsed``.
    public var guestBytes: UInt128 { guestPages * guestPageSize }
    /// Cannot overflow: at most the host's whole tree for its input space.
    public var hostBytes: UInt128 { hostPages * hostPageSize }
    /// Guest and host page-table pages together (their page sizes may
    /// differ: ``totalBytes`` adds them in bytes).
    public var totalPages: UInt128 { guestPages + hostPages }
    /// Guest and host page-table bytes together.
    public var totalBytes: UInt128 { guestBytes + hostBytes }
  }

  /// The tables with base pages in both stages, or with large pages where they fit.
  public func side(largePages: Bool) -> Side {
    Side(
      guestPagesPerLevel: largePages ? guestPageTablePagesPerLevelLargePages : guestPageTablePagesPerLevel,
      hostPagesPerLevel: (largePages ? hostLargePages : host).pageTablePagesPerLevel,
      guestPageSize: guestPageSize, hostPageSize: hostPageSize)
  }
}
