import PagingCore

/// A guest machine whose physical memory is a host process's mapping: the
/// guest's frame *g* is guest-physical address *g* × page size, which the
/// host process (the virtual machine) maps from its address 0, so the
/// guest's page-table pages sit in host frames found by walking the host's
/// tables. Both stages are real tables, encoded bit for bit in their
/// architectures' formats.
///
///     let hosted = try HostedGuest(guest: guestMachine, host: hostMachine, vm: vmProcess)
///     let walk = try hosted.translate(0x400123, in: guestMachine.processes[0])
///     walk.references.count   // 24 for x86-64 on x86-64 with base pages
///
/// The host-physical image (``image``) holds the host's page-table pages
/// and the guest's, copied to where the host maps them; data pages are not
/// stored, as in ``Machine/tableImage()``.
public struct HostedGuest {
  /// The guest: its physical memory is guest-physical memory.
  public let guest: Machine
  /// The host, whose process `vm` maps the guest's memory.
  public let host: Machine
  /// The host process whose mapping is the guest's physical memory.
  public let vm: Machine.Process
  /// Host page number → its bytes: the host's tables and the guest's.
  private let pages: [FrameNumber: [UInt8]]

  /// Places `guest`'s page-table pages in `host` through `vm`'s mapping.
  /// Throws when the mapping leaves part of a guest table unmapped.
  ///
  /// - Complexity: O(*t* × (*g* / min(*g*, *h*)) × *m*) for *t* guest
  ///   table pages of *g* bytes, host pages of *h* bytes and *m* host levels.
  public init(guest: Machine, host: Machine, vm: Machine.Process) throws(SimulationError) {
    self.guest = guest
    self.host = host
    self.vm = vm
    let hostArch = host.architecture
    let hostImage = host.tableImage()
    let hostPageSize = UInt64(hostArch.pageSize)
    let guestPageSize = UInt64(guest.architecture.pageSize)
    var pages: [FrameNumber: [UInt8]] = [:]
    let (data, table) = host.memory.handedOutFrames
    for frame in [data, table].joined() where host.memory.isPageTable(frame) {
      pages[frame] = host.memory.bytes(ofTable: frame)
    }
    let vmRoot = hostArch.address(of: vm.root)
    // A guest page is copied in pieces no larger than a host page, each
    // piece translated on its own: the host's pages holding one guest page
    // need not be contiguous.
    let piece = min(hostPageSize, guestPageSize)
    let (guestData, guestTables) = guest.memory.handedOutFrames
    for frame in [guestData, guestTables].joined() where guest.memory.isPageTable(frame) {
      let bytes = guest.memory.bytes(ofTable: frame)
      var offset: UInt64 = 0
      while offset < guestPageSize {
        let guestPhysical = frame.rawValue * guestPageSize + offset
        let walk = try hostImage.walk(UInt128(guestPhysical), architecture: hostArch, rootAddress: vmRoot)
        guard let hostPhysical = walk.physicalAddress else {
          throw .invalid(
            "the guest's page-table page at gpa \(formatHex(guestPhysical)) is not mapped by the host's \(vm.name): \(walk.faultReason ?? "no leaf")"
          )
        }
        let page = hostArch.frame(containing: hostPhysical)
        let within = hostPhysical.pageOffset(offsetBits: hostArch.offsetBits)
        var hostBytes = pages[page] ?? [UInt8](repeating: 0, count: Int(hostPageSize))
        hostBytes.replaceSubrange(Int(within)..<Int(within + piece), with: bytes[Int(offset)..<Int(offset + piece)])
        pages[page] = hostBytes
        offset += piece
      }
    }
    self.pages = pages
  }

  /// The host-physical address of the virtual machine's second-stage root.
  public var hostRoot: PhysicalAddress { host.architecture.address(of: vm.root) }

  /// The guest-physical address of `process`'s root table.
  public func guestRoot(of process: Machine.Process) -> PhysicalAddress {
    guest.architecture.address(of: process.root)
  }

  /// Host-physical memory as an image: every page-table page of both stages.
  public var image: MemoryImage {
    var image = MemoryImage(pageSize: Int(host.architecture.pageSize))
    for (number, bytes) in pages { image.setPage(number, bytes: bytes) }
    return image
  }

  /// Walks guest `pointer` of `process` through both stages in one go.
  public func translate(_ pointer: UInt128, in process: Machine.Process) throws(SimulationError) -> NestedImageWalk {
    try image.nestedWalk(
      pointer, guest: guest.architecture, guestRoot: guestRoot(of: process),
      host: host.architecture, hostRoot: hostRoot)
  }

  /// Walks `pointer` in the guest's own memory (its tables only) to a
  /// guest-physical address, then that address in the host's own memory:
  /// the two stages one after the other, a second method to check
  /// ``translate(_:in:)`` against.
  public func translateInTwoSteps(_ pointer: UInt128, in process: Machine.Process) throws(SimulationError)
    -> (guestPhysical: PhysicalAddress?, hostPhysical: PhysicalAddress?)
  {
    let guestWalk = try guest.tableImage().walk(
      pointer, architecture: guest.architecture, rootAddress: guestRoot(of: process))
    guard let guestPhysical = guestWalk.physicalAddress else { return (nil, nil) }
    let hostWalk = try host.tableImage().walk(
      UInt128(guestPhysical.rawValue), architecture: host.architecture, rootAddress: hostRoot)
    return (guestPhysical, hostWalk.physicalAddress)
  }

  /// Checks the one-go walk against the two-step one at the first and last
  /// byte of every run each live guest process maps; returns how many
  /// addresses were checked and the first that disagreed, if any.
  public func checkWalks() throws(SimulationError) -> (checked: Int, disagreement: UInt128?) {
    var checked = 0
    for (process, list) in try guest.mappings() {
      for run in list.runs {
        for pointer in [run.virtualStart, run.virtualStart + run.size - 1] {
          let nested = try translate(pointer, in: process)
          let separate = try translateInTwoSteps(pointer, in: process)
          checked += 1
          if nested.guestPhysicalAddress != separate.guestPhysical
            || nested.hostPhysicalAddress != separate.hostPhysical
          {
            return (checked, pointer)
          }
        }
      }
    }
    return (checked, nil)
  }
}

/// What a hosted guest's run comes to: each side's page-table pages, the
/// roots, and the check of its walks.
public struct HostedGuestSummary: Sendable {
  /// The guest's page-table pages (every process and the kernel's tables).
  public let guestPageTablePages: UInt128
  /// The host's page-table pages for the virtual machine (its process only).
  public let hostPageTablePages: UInt128
  /// The host-physical address of the virtual machine's second-stage root.
  public let hostRoot: PhysicalAddress
  /// Each live guest process's root, as a guest-physical address.
  public let guestRoots: [(name: String, guestPhysicalAddress: PhysicalAddress)]
  /// Addresses walked in one go and in two steps.
  public let walksChecked: Int
  /// The first address whose walks disagree, if any.
  public let disagreement: UInt128?
  /// The first mapped address of the first live process and the memory
  /// references its two-stage walk took.
  public let example: (pointer: UInt128, references: Int)?
}

extension HostedGuest {
  /// Counts both sides, checks the walks (see ``checkWalks()``) and walks one example.
  public func summary() throws(SimulationError) -> HostedGuestSummary {
    let guestReport = guest.report(label: "guest")
    let hostCounts = host.counts(of: vm)
    let (checked, disagreement) = try checkWalks()
    var example: (pointer: UInt128, references: Int)? = nil
    if let first = try guest.mappings().first, let run = first.list.runs.first {
      example = (run.virtualStart, try translate(run.virtualStart, in: first.process).references.count)
    }
    return HostedGuestSummary(
      guestPageTablePages: guestReport.pageTablePages, hostPageTablePages: hostCounts.pageTablePages,
      hostRoot: hostRoot, guestRoots: guest.processes.map { ($0.name, guestRoot(of: $0)) },
      walksChecked: checked, disagreement: disagreement, example: example)
  }
}
