namespace CvmBench.Measurement;

/// <summary>Whether a run finished. A run is stored as incomplete from its start and marked complete at its end,
/// so an interrupted one stays visibly incomplete.</summary>
public enum RunStatus
{
    Incomplete,
    Complete,
}
