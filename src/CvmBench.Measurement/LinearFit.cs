namespace CvmBench.Measurement;

/// <summary>A straight line y = Intercept + Slope x fitted by least squares to points whose y spans orders of
/// magnitude (a latency from 4 KiB to 1 GiB), with each point weighted by 1/y^2: every point counts by its relative
/// error, so the small sizes that set the intercept are not drowned by the large ones that set the slope.</summary>
/// <param name="Intercept">The fixed part (y at x = 0).</param>
/// <param name="Slope">The part per unit of x.</param>
/// <param name="RSquared">Weighted coefficient of determination: 1 - sum w(y - fit)^2 / sum w(y - weighted mean)^2.</param>
/// <param name="Points">Points fitted.</param>
public sealed record LinearFit(double Intercept, double Slope, double RSquared, int Points)
{
    /// <summary>Fits points with positive y; at least two distinct x are needed.</summary>
    /// <exception cref="ArgumentException">Fewer than two distinct x, or a y that is not positive.</exception>
    public static LinearFit Relative(IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Any(p => !(p.Y > 0) || !double.IsFinite(p.Y) || !double.IsFinite(p.X)))
        {
            throw new ArgumentException("a relative fit needs finite points with positive y", nameof(points));
        }
        if (points.Select(p => p.X).Distinct().Count() < 2)
        {
            throw new ArgumentException("a line needs points at two different x at least", nameof(points));
        }
        double sw = 0, sx = 0, sy = 0;
        foreach (var (x, y) in points)
        {
            double w = 1 / (y * y);
            sw += w;
            sx += w * x;
            sy += w * y;
        }
        double mx = sx / sw, my = sy / sw;
        double sxx = 0, sxy = 0, syy = 0;
        foreach (var (x, y) in points)
        {
            double w = 1 / (y * y);
            sxx += w * (x - mx) * (x - mx);
            sxy += w * (x - mx) * (y - my);
            syy += w * (y - my) * (y - my);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double residual = 0;
        foreach (var (x, y) in points)
        {
            double e = y - (intercept + slope * x);
            residual += e * e / (y * y);
        }
        double rSquared = syy > 0 ? 1 - residual / syy : 1;
        return new LinearFit(intercept, slope, rSquared, points.Count);
    }
}
