using System.Text.Json;
using CvmBench.Measurement;

namespace CvmBench.Tests.Measurement;

public class OperationNamesTests
{
    [Theory]
    [InlineData(OperationKind.Register, "register")]
    [InlineData(OperationKind.Unregister, "unregister")]
    [InlineData(OperationKind.HostAlloc, "host-alloc")]
    [InlineData(OperationKind.FreeHost, "free-host")]
    [InlineData(OperationKind.AesGcmSeal, "aes-gcm-seal")]
    [InlineData(OperationKind.HostCopy, "host-copy")]
    [InlineData(OperationKind.StagingCopy, "staging-copy")]
    [InlineData(OperationKind.StagingSubmit, "staging-submit")]
    [InlineData(OperationKind.EmulatedTransfer, "emulated-transfer")]
    public void Every_operation_is_written_in_the_word_stores_hold_and_read_back(OperationKind operation, string stored)
    {
        Assert.Equal(stored, OperationNames.ToText(operation));
        Assert.True(OperationNames.TryParse(stored, out var read));
        Assert.Equal(operation, read);
    }

    [Fact]
    public void A_word_that_is_no_operation_is_refused()
    {
        Assert.False(OperationNames.TryParse("HostCopy", out _));
        Assert.False(OperationNames.TryParse("copy", out _));
    }

    [Fact]
    public void A_run_exported_as_json_names_its_operations_in_the_stored_words_and_reads_back()
    {
        var operation = new OperationResult(new OperationTest(OperationKind.AesGcmSeal, "tag/4KiB", 4096, 2, 0), [new OperationSample(4096, 1000)], false, "test");
        string json = JsonSerializer.Serialize<IReadOnlyList<OperationResult>>([operation], MeasurementJson.Default.IReadOnlyListOperationResult);

        Assert.Contains("\"operation\": \"aes-gcm-seal\"", json, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"aes-gcm-seal tag/4KiB x2\"", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize(json, MeasurementJson.Default.IReadOnlyListOperationResult)!;
        Assert.Equal(operation.Test, back[0].Test);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json.Replace("aes-gcm-seal\"", "seal\"", StringComparison.Ordinal),
            MeasurementJson.Default.IReadOnlyListOperationResult));
    }
}
