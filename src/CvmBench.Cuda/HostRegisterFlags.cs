namespace CvmBench.Cuda;

/// <summary>CU_MEMHOSTREGISTER_* flags for cuMemHostRegister.</summary>
[Flags]
public enum HostRegisterFlags : uint
{
    None = 0,
    Portable = 1,
    DeviceMap = 2,
    IoMemory = 4,
    ReadOnly = 8,
}
