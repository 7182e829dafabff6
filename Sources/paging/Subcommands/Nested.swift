import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingJSON

extension Paging {
  struct Nested: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Nested (two-dimensional) translation: a guest's page walks through a host's tables, and a virtual machine's page tables on both sides.",
      discussion: """
        Every guest page-table entry sits at a guest-physical address the host must translate \
        first, so a TLB miss with nothing cached takes (n+1)(m+1)-1 memory references for an \
        n-level guest on an m-level host. With --guest-memory (and --mapped, --processes) it \
        counts the guest's tables for the processes and the host's tables mapping the guest's \
        memory, with base pages and with large pages. Without HOST, the guest's built-in pair \
        (x86 on EPT, RISC-V Sv modes on their x4 G-stage) is used.
        """)

    @Argument(help: "The guest architecture: a built-in name or a descriptor path.")
    var guest: String

    @Argument(
      help: "The host's second stage: a built-in name or a descriptor path (default: the guest's built-in pair).")
    var host: String?

    @Option(
      parsing: .unconditional,
      help: "Bytes of guest-physical memory the virtual machine has (the host maps them from address 0).",
      transform: parseQuantity)
    var guestMemory: UInt128?

    @Option(
      parsing: .unconditional,
      help: "Bytes each guest process maps, contiguously from address 0 (with --guest-memory).",
      transform: parseQuantity)
    var mapped: UInt128?

    @Option(
      parsing: .unconditional, help: "How many guest processes map --mapped bytes each (default 1).",
      transform: parseQuantity)
    var processes: UInt128?

    @Flag(help: "Show the working: the walk's count step by step, its order, and each side's tables.")
    var explain = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
      if mapped != nil && guestMemory == nil {
        throw ValidationError("--mapped needs --guest-memory: the processes' pages live in it.")
      }
      if processes != nil && mapped == nil { throw ValidationError("--processes goes with --mapped.") }
    }

    func run() throws {
      let guestArch = try loadArchitecture(guest)
      let hostArch: Architecture
      if let host {
        hostArch = try loadArchitecture(host)
      } else if let paired = BuiltinNestedPairs.host(for: guestArch) {
        hostArch = paired
      } else {
        let missing =
          BuiltinNestedPairs.hosts[guestArch.name].map { "its pair, \($0), is not built in" }
          ?? "it has no built-in pair"
        throw CommandFailure("\(quotedForMessage(guestArch.name)) needs a HOST: \(missing) (paging nested GUEST HOST)")
      }
      let size = guestMemory.map {
        VirtualMachineSize(guestMemoryBytes: $0, mappedBytes: mapped ?? 0, processes: processes ?? 1)
      }
      let answer: NestedTranslation
      do { answer = try NestedTranslation(guest: guestArch, host: hostArch, machine: size) } catch {
        let option =
          switch error.field {
          case .guestMemory: "--guest-memory"
          case .mappedBytes: "--mapped"
          case .processes: "--processes"
          }
        throw CommandFailure(option: option, error.message)
      }
      if output.isJSON { return output.emit(answer.json) }
      print(answer.text(explaining: explain))
    }
  }
}
