// Names follow the manuals (x86_64) where they name their things.
// swift-format-ignore-file: AlwaysUseLowerCamelCase
// paging-benchmarks: the simulator against a plain C page table, in one run.
//
//     paging-benchmarks [--format text|json] [--pages N [--runs R]]
//
// `--pages N` runs only the contiguous and warm-memory jobs of N pages (R
// times each, default the usual count): a short run for profiling one job,
// say under `valgrind --tool=callgrind --toggle-collect=...`.
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

struct Options {
  var format = Format.text
  /// Only the jobs of this many pages (`--pages`), each `runs` times.
  var pages: Int?
  var runs: Int?
}

func parseOptions(_ arguments: ArraySlice<String>) throws(BenchmarkError) -> Options {
  let usage = "usage: paging-benchmarks [--format text|json] [--pages N [--runs R]]"
  var options = Options()
  var rest = arguments
  while let argument = rest.popFirst() {
    let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
    let name = parts.first ?? argument
    guard ["--format", "--pages", "--runs"].contains(name) else {
      throw BenchmarkError("unknown argument '\(argument)'; \(usage)")
    }
    guard let value = parts.count == 2 ? parts[1] : rest.popFirst() else {
      throw BenchmarkError("\(name) needs a value; \(usage)")
    }
    switch name {
    case "--format":
      guard let parsed = Format(rawValue: value) else { throw BenchmarkError("--format takes text or json") }
      options.format = parsed
    default:
      guard let number = Int(value), number > 0, number <= 1 << 24 else {
        throw BenchmarkError("\(name) takes a whole number from 1 to 2^24")
      }
      if name == "--pages" { options.pages = number } else { options.runs = number }
    }
  }
  return options
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

let options: Options
do { options = try parseOptions(CommandLine.arguments.dropFirst()) } catch { fail(error.description, status: 2) }
let format = options.format

do {
  let x86_64 = try builtin("x86-64")
  var measurements: [Measurement] = []
  var memory: [Measurement] = []

  for pages in options.pages.map({ [$0] }) ?? [(1 << 9) + 1, (1 << 18) + 1, 1 << 20] {
    let job = ContiguousJob(architecture: x86_64, pages: pages, runs: options.runs)
    let result = try job.run()
    measurements += job.measurements(from: result)
    memory += job.memoryMeasurements(from: result)
  }
  for pages in options.pages.map({ [$0] }) ?? [(1 << 9) + 1, (1 << 18) + 1] {
    let job = WarmJob(architecture: x86_64, pages: pages)
    measurements += job.measurements(from: try job.run(runs: options.runs), runs: options.runs)
  }
  if options.pages != nil {
    // A profiling run: the jobs above only.
    let rows = measurements.map { "\($0.name) \($0.nLabel): ratio \(fixed($0.ratio, decimals: 2))" }
    print(rows.joined(separator: "\n"))
    exit(0)
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
