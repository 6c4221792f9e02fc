using System.Globalization;
using CvmBench.Cuda;
using CvmBench.Platform;
using CvmBench.Transfers;

namespace CvmBench.Measurement;

/// <summary>The devices a measuring command drives: real GPUs by CUDA ordinal (or all of them), or simulated host-memory devices.
/// Bad input (a device that is not there, sizes that do not fit) is an <see cref="ArgumentException"/> whose message is
/// the one line to show.</summary>
public sealed class DeviceSet : IDisposable
{
    private DeviceSet(IReadOnlyList<ITransferDevice> devices, bool simulated)
    {
        Devices = devices;
        Simulated = simulated;
    }

    /// <summary>Simulated devices there are: two, so that 'all' exercises the multi-device path.</summary>
    private const int SimulatedDevices = 2;

    public IReadOnlyList<ITransferDevice> Devices { get; }

    public bool Simulated { get; }

    /// <param name="spec"><c>all</c> or a device number.</param>
    /// <param name="simulate">Use host-memory devices instead of GPUs.</param>
    public static DeviceSet Open(string spec, bool simulate)
    {
        bool all = string.Equals(spec, "all", StringComparison.OrdinalIgnoreCase);
        int index = -1;
        if (!all && (!int.TryParse(spec, NumberStyles.None, CultureInfo.InvariantCulture, out index)))
        {
            throw new ArgumentException($"--device must be a device number or 'all' (got '{spec}')");
        }
        if (simulate)
        {
            if (index > SimulatedDevices - 1)
            {
                throw new ArgumentException($"device {index} does not exist: the simulation has {SimulatedDevices} devices, numbered 0 and 1");
            }
            int count = all ? SimulatedDevices : 1;
            return new DeviceSet(Enumerable.Range(0, count).Select(i => (ITransferDevice)new HostMemoryDevice(all ? i : index)).ToList(), simulated: true);
        }

        var driver = CudaDriver.Load();
        if (driver.DeviceCount == 0)
        {
            throw new InvalidOperationException($"the NVIDIA driver (CUDA {driver.VersionText}) sees no CUDA device");
        }
        if (!all && index >= driver.DeviceCount)
        {
            throw new ArgumentException($"device {index} does not exist: this machine has {driver.DeviceCount} GPU(s), numbered 0 to {driver.DeviceCount - 1}");
        }
        var gpus = GpuInventory.Read(driver);
        var chosen = all ? gpus : [gpus[index]];
        var devices = new List<ITransferDevice>();
        try
        {
            foreach (var gpu in chosen)
            {
                devices.Add(new CudaTransferDevice(driver, gpu));
            }
        }
        catch
        {
            devices.ForEach(d => d.Dispose());
            throw;
        }
        return new DeviceSet(devices, simulated: false);
    }

    /// <summary>Rejects sizes the devices or the host cannot hold, before anything is allocated.</summary>
    public void CheckFits(long largestBytes, int deviceBuffers, HostFacts host)
    {
        ArgumentNullException.ThrowIfNull(host);
        foreach (var device in Devices)
        {
            // Leave room for the context, the kernels and the driver's own staging buffers.
            long usable = device.Description.MemoryBytes / 10 * 9;
            if (largestBytes > usable / deviceBuffers)
            {
                throw new ArgumentException($"{Units.FormatBytes(largestBytes)} x {deviceBuffers} buffers does not fit in {device.Description.Name}'s " +
                    $"{Units.FormatBytes(device.Description.MemoryBytes)} of device memory");
            }
        }
        long available = host.MemoryAvailableBytes;
        if (available > 0 && largestBytes > available / 2)
        {
            throw new ArgumentException($"{Units.FormatBytes(largestBytes)} needs more host memory than is available ({Units.FormatBytes(available)})");
        }
    }

    public void Dispose()
    {
        foreach (var device in Devices)
        {
            device.Dispose();
        }
    }
}
