namespace CvmBench.Platform;

/// <summary>Whether this is a virtual machine, and which hypervisor runs it, from every place that can tell.</summary>
/// <param name="CpuFlag">The <c>hypervisor</c> flag in /proc/cpuinfo: the CPU says it runs under one.</param>
/// <param name="SysfsType">/sys/hypervisor/type (Xen sets it).</param>
/// <param name="DmiVendor">/sys/class/dmi/id/sys_vendor.</param>
/// <param name="DmiProduct">/sys/class/dmi/id/product_name.</param>
/// <param name="KernelDmi">The kernel's <c>DMI:</c> line: vendor, product and BIOS as one text.</param>
/// <param name="KernelLine">What follows <c>Hypervisor detected:</c> in the kernel log.</param>
/// <param name="Name">KVM, Xen, Hyper-V, VMware; <c>unidentified</c> when only the CPU flag says so;
/// <c>none</c> on bare metal.</param>
/// <param name="Vmm">The virtual machine monitor, where it leaves a signature: Firecracker, QEMU.</param>
public sealed record HypervisorProfile(
    Fact<bool> CpuFlag,
    Fact<string> SysfsType,
    Fact<string> DmiVendor,
    Fact<string> DmiProduct,
    Fact<string> KernelDmi,
    Fact<string> KernelLine,
    Fact<string> Name,
    Fact<string> Vmm);
