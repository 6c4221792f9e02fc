using System.CommandLine;
using CvmBench.Cli.Measuring;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Transfers;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench run</c>: the main job. Probe the machine, then the standard suite: every host memory kind
/// H2D and D2H, device-to-device, and bidirectional, at one size.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var shared = new MeasuringOptions();
        var size = new Option<string>("--size") { Description = "Transfer size (4096, 4KiB, 32MB, 1GiB).", DefaultValueFactory = _ => "256MiB" };
        var command = new Command("run", "Probe this machine, then measure the standard suite: pageable, staged (CvmBench's pipeline), sealed (the pipeline with AES-GCM, opened on the GPU), pinned, write-combined, " +
            "registered and mapped memory H2D and D2H, device-to-device, and pinned bidirectional; medians with spread, verified data.");
        shared.AddTo(command);
        var store = StoreOption.Create();
        command.Options.Add(store);
        command.Options.Add(size);
        command.SetAction((parse, cancellation) =>
        {
            long bytes = Units.ParseBytes(parse.GetValue(size)!);
            var machine = MachineReading.ReadLive();
            var options = shared.Read(parse, machine.Host);
            using var devices = DeviceSet.Open(parse.GetValue(shared.Device)!, parse.GetValue(shared.Simulate));
            devices.CheckFits(bytes, deviceBuffers: 2, machine.Host);
            using var results = StoreOption.Open(parse, store, create: true);
            var (run, outcomes) = SuiteExecution.Execute(parse.Tokens.Select(t => t.Value).ToArray(), devices, StandardSuite(bytes), options, machine, results, cancellation);
            SuiteExecution.Print(run, outcomes, parse.GetValue(shared.Json));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>The standard suite at one size.</summary>
    public static IReadOnlyList<TransferTest> StandardSuite(long bytes)
    {
        var tests = new List<TransferTest>();
        foreach (var kind in new[] { HostPath.Pageable, HostPath.Staged, HostPath.Sealed, HostPath.Pinned, HostPath.WriteCombined, HostPath.Registered })
        {
            tests.Add(new TransferTest(kind, Direction.HostToDevice, CopyMethod.CopyEngine, bytes, 0));
            tests.Add(new TransferTest(kind, Direction.DeviceToHost, CopyMethod.CopyEngine, bytes, 0));
        }
        tests.Add(new TransferTest(HostPath.Mapped, Direction.HostToDevice, CopyMethod.Sm, bytes, 0));
        tests.Add(new TransferTest(HostPath.Mapped, Direction.DeviceToHost, CopyMethod.Sm, bytes, 0));
        tests.Add(new TransferTest(HostPath.Pinned, Direction.DeviceToDevice, CopyMethod.CopyEngine, bytes, 0));
        tests.Add(new TransferTest(HostPath.Pinned, Direction.DeviceToDevice, CopyMethod.Sm, bytes, 0));
        tests.Add(new TransferTest(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, bytes, 0, Bidirectional: true));
        return tests;
    }
}
