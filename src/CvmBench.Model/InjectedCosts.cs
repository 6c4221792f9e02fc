namespace CvmBench.Model;

/// <summary>What an emulated strategy adds to its real work.</summary>
public enum InjectedCosts
{
    /// <summary>The platform's costs this machine cannot produce, as the (calibrated) model gives them, spent as busy
    /// waits where they would occur.</summary>
    Modeled,
    /// <summary>The same injection points with every cost zero: the emulation's own overhead.</summary>
    Zero,
    /// <summary>The plain strategy, without injection points.</summary>
    None,
}
