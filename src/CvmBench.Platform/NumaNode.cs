namespace CvmBench.Platform;

/// <summary>One NUMA node: its CPUs and its memory.</summary>
/// <param name="Node">The node number.</param>
/// <param name="Cpus">Its CPUs in the kernel's list notation (<c>0-15,32-47</c>).</param>
/// <param name="MemTotalBytes">MemTotal of the node's meminfo.</param>
public sealed record NumaNode(int Node, Fact<string> Cpus, Fact<long> MemTotalBytes);
