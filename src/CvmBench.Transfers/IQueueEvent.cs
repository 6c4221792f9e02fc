namespace CvmBench.Transfers;

/// <summary>A recorded point in a queue.</summary>
public interface IQueueEvent : IDisposable
{
    /// <summary>Waits until the queue has reached this point.</summary>
    void Wait();

    /// <summary>Whether the queue has reached this point, without waiting.</summary>
    bool IsReached { get; }

    /// <summary>Nanoseconds from <paramref name="start"/> to this event, both reached.</summary>
    double NanosecondsSince(IQueueEvent start);
}
