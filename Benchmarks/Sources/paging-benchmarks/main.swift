// Names follow the manuals (x86_64) where they name their things.
// swift-format-ignore-file: AlwaysUseLowerCamelCase
// paging-benchmarks: the simulator against a plain C page table, in one run.
//
//     paging-benchmarks [--format text|json]
//
// Exits 1 when the simulator, the C reference and the analytic engine
// disagree on what a job leaves in memory, 2 on a bad argument.

import PagingCore
import PagingDescriptors
import PagingSimulator

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum Format: String { case text, json }

func parseFormat(_ arguments: ArraySlice<String>) throws(BenchmarkError) -> Format {
  var format = Format.text
  var rest = arguments
  while let argument = rest.popFirst() {
    let value: String?
    if argument == "--format" {
      value = rest.popFirst()
    } else if argument.hasPrefix("--format=") {
      value = String(argument.dropFirst("--format=".count))
    } else {
      throw BenchmarkError("unknown argument '\(argument)'; usage: paging-benchmarks [--format text|json]")
    }
    guard let value, let parsed = Format(rawValue: value) else {
      throw BenchmarkError("--format takes text or json")
    }
    format = parsed
  }
  return format
}

func builtin(_ name: String) throws(BenchmarkError) -> Architecture {
  guard let architecture = BuiltinArchitectures.named(name) else {
    throw BenchmarkError("there is no built-in architecture named \(name)")
  }
  return architecture
}

func fail(_ message: String, status: Int32) -> Never {
  let text = Array("paging-benchmarks: error: \(message)\n".utf8)
  _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
  exit(status)
}

let format: Format
do { format = try parseFormat(CommandLine.arguments.dropFirst()) } catch { fail(error.description, status: 2) }

do {
  let x86_64 = try builtin("x86-64")
  var measurements: [Measurement] = []
  var memory: [Measurement] = []

  for pages in [(1 << 9) + 1, (1 << 18) + 1, 1 << 20] {
    let job = ContiguousJob(architecture: x86_64, pages: pages)
    let result = try job.run()
    measurements += job.measurements(from: result)
    memory += job.memoryMeasurements(from: result)
  }
  var sparse: [Measurement] = []
  for pages in [8, 64] {
    let job = SparseJob(architecture: x86_64, pageCount: pages)
    sparse += job.measurements(from: try job.run())
  }
  // Copies first, then frees, so the per-page table reads in order.
  measurements += sparse.filter { $0.name.contains("copy") } + sparse.filter { $0.name.contains("free") }

  let analytic = FootprintJob(architecture: try builtin("x86-64-la57"))
  let footprint = try analytic.run()
  measurements += analytic.measurements(from: footprint)
  measurements += memory

  switch format {
  case .text: print(TextOutput(measurements: measurements, wholeSpace: footprint.wholeSpace).render())
  case .json: print(JSONOutput(measurements: measurements).render())
  }
} catch {
  fail("\(error)", status: 1)
}
