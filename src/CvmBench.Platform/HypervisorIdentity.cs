namespace CvmBench.Platform;

/// <summary>Names the hypervisor and the VMM from the signs a guest can see.</summary>
public static class HypervisorIdentity
{
    public const string None = "none";
    public const string Unidentified = "unidentified";

    /// <summary>The kernel's own detection first, then /sys/hypervisor, then DMI; the CPU flag alone can
    /// only say that some hypervisor is there, or that none is.</summary>
    public static Fact<string> Name(Fact<bool> cpuFlag, Fact<string> sysfsType, Fact<string> dmiVendor,
        Fact<string> dmiProduct, Fact<string> kernelDmi, Fact<string> kernelLine)
    {
        if (kernelLine.IsKnown)
        {
            return Fact<string>.Known(FromKernelLine(kernelLine.Value!), kernelLine.Source);
        }
        if (sysfsType.IsKnown && sysfsType.Value!.Trim() is { Length: > 0 } type)
        {
            return Fact<string>.Known(type == "xen" ? "Xen" : type, sysfsType.Source);
        }
        if (dmiVendor.IsKnown && FromDmi($"{dmiVendor.Value!.Trim()} {(dmiProduct.IsKnown ? dmiProduct.Value!.Trim() : "")}") is { } byDmi)
        {
            return Fact<string>.Known(byDmi, dmiVendor.Source);
        }
        if (kernelDmi.IsKnown && FromDmi(kernelDmi.Value!) is { } byKernelDmi)
        {
            return Fact<string>.Known(byKernelDmi, kernelDmi.Source);
        }
        return cpuFlag.IsKnown
            ? Fact<string>.Known(cpuFlag.Value ? Unidentified : None, cpuFlag.Source)
            : Fact<string>.Missing(cpuFlag.Source, $"no source could tell; {cpuFlag.Unknown}");
    }

    /// <summary>The VMM behind the hypervisor, from the ACPI tables' OEM id or the DMI vendor.</summary>
    public static Fact<string> Vmm(Fact<string> name, Fact<string> acpiOem, Fact<string> dmiVendor, Fact<string> kernelDmi)
    {
        if (name.IsKnown && name.Value == None)
        {
            return Fact<string>.Missing(name.Source, "no hypervisor");
        }
        string? byAcpi = acpiOem.IsKnown ? acpiOem.Value switch
        {
            "FIRECK" => "Firecracker",
            "BOCHS" => "QEMU",
            _ => null,
        } : null;
        if (byAcpi is not null)
        {
            return Fact<string>.Known(byAcpi, acpiOem.Source);
        }
        if (dmiVendor.IsKnown && dmiVendor.Value!.Trim() == "QEMU")
        {
            return Fact<string>.Known("QEMU", dmiVendor.Source);
        }
        if (kernelDmi.IsKnown && kernelDmi.Value!.StartsWith("QEMU ", StringComparison.Ordinal))
        {
            return Fact<string>.Known("QEMU", kernelDmi.Source);
        }
        return Fact<string>.Missing($"{acpiOem.Source}, {dmiVendor.Source}", acpiOem.IsKnown
            ? $"no VMM signature (ACPI OEM id {acpiOem.Value}, DMI vendor)"
            : $"no VMM signature (ACPI OEM id, DMI vendor); ACPI OEM id: {acpiOem.Unknown}");
    }

    /// <summary>The kernel prints its hypervisor's name: KVM, Xen HVM, Microsoft Hyper-V, VMware, ACRN.</summary>
    internal static string FromKernelLine(string detected) => detected switch
    {
        _ when detected.Contains("Hyper-V", StringComparison.Ordinal) => "Hyper-V",
        _ when detected.StartsWith("Xen", StringComparison.Ordinal) => "Xen",
        _ when detected.StartsWith("VMware", StringComparison.Ordinal) => "VMware",
        _ => detected,
    };

    /// <summary>DMI vendor and product, as sysfs gives them or as the kernel's <c>DMI:</c> line starts.
    /// QEMU is taken for KVM: nobody measures GPU transfers under QEMU's emulator.</summary>
    internal static string? FromDmi(string vendorAndProduct) => vendorAndProduct switch
    {
        _ when vendorAndProduct.StartsWith("QEMU", StringComparison.Ordinal) => "KVM",
        _ when vendorAndProduct.StartsWith("VMware", StringComparison.Ordinal) => "VMware",
        _ when vendorAndProduct.StartsWith("Microsoft Corporation Virtual Machine", StringComparison.Ordinal) => "Hyper-V",
        _ when vendorAndProduct.StartsWith("Xen", StringComparison.Ordinal) => "Xen",
        _ => null,
    };
}
