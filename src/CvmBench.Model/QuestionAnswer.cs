namespace CvmBench.Model;

/// <summary>One of the seed paper's open questions, answered by the model, with the numbers behind the answer and the
/// parameters it rests on.</summary>
/// <param name="Number">1, 2 or 3, as the seed lists them.</param>
/// <param name="Question">The question, as the seed asks it.</param>
/// <param name="Answer">The answer in a few sentences.</param>
/// <param name="Numbers">The figures the answer quotes.</param>
/// <param name="Assumptions">The parameters the answer depends on, with their values and sources.</param>
public sealed record QuestionAnswer(int Number, string Question, string Answer, IReadOnlyList<Figure> Numbers, IReadOnlyList<ModelParameter> Assumptions);
