namespace Gepa;

/// <summary>Turns English text into the terms <see cref="LexicalEmbeddingGenerator"/> hashes, in the standard order of a
/// search engine's analyzer: split into runs of letters and digits, lower-case, drop stop words, stem.</summary>
/// <remarks>
/// <para>The stop words are NLTK's English list (179 words, derived from the Snowball stemmer's list; the contracted
/// forms such as <c>don't</c> appear here as the fragments the splitting leaves, <c>don</c> and <c>t</c>, which the list
/// holds as well). Lucene's classic English set (33 words) was the other candidate; NLTK's also drops the quantifiers,
/// pronouns and prepositions (<c>all</c>, <c>each</c>, <c>only</c>, <c>your</c>, <c>about</c>, <c>below</c>) that
/// instructions are full of and that say nothing about a topic.</para>
/// <para>The stemmer is the "S-stemmer" (Harman, 1991), as in Lucene's <c>EnglishMinimalStemmer</c>: it only folds
/// plurals (<c>weights</c> → <c>weight</c>, <c>policies</c> → <c>policy</c>), which is what separates a lesson's wording
/// from a task description's most often, and it never conflates different words the way an aggressive stemmer can.</para>
/// </remarks>
public static class EnglishAnalyzer
{
    // NLTK's English stop-word list (nltk_data corpora/stopwords/english), without the entries holding an apostrophe:
    // the splitting below breaks those into fragments, and every fragment is in the list on its own.
    private static readonly HashSet<string> s_stopWords = new(StringComparer.Ordinal)
    {
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "yourselves",
        "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their",
        "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "these", "those", "am", "is", "are", "was",
        "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an", "the", "and",
        "but", "if", "or", "because", "as", "until", "while", "of", "at", "by", "for", "with", "about", "against", "between",
        "into", "through", "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on",
        "off", "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how", "all",
        "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not", "only", "own", "same",
        "so", "than", "too", "very", "s", "t", "can", "will", "just", "don", "should", "now", "d", "ll", "m", "o", "re",
        "ve", "y", "ain", "aren", "couldn", "didn", "doesn", "hadn", "hasn", "haven", "isn", "ma", "mightn", "mustn",
        "needn", "shan", "shouldn", "wasn", "weren", "won", "wouldn",
    };

    /// <summary>Gets the number of stop words.</summary>
    public static int StopWordCount => s_stopWords.Count;

    /// <summary>Whether a lower-case word is a stop word.</summary>
    /// <param name="word">The word, lower-case.</param>
    /// <returns>Whether it is dropped.</returns>
    public static bool IsStopWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return s_stopWords.Contains(word);
    }

    /// <summary>The words of a text: its runs of letters and digits, lower-cased, in order, with repeats (what version 1,
    /// <see cref="HashedEmbeddingGenerator"/>, hashes as they are).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The words.</returns>
    public static IEnumerable<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Iterate(text);

        static IEnumerable<string> Iterate(string text)
        {
            var start = -1;
            for (var i = 0; i <= text.Length; i++)
            {
                var letter = i < text.Length && char.IsLetterOrDigit(text[i]);
                if (letter && start < 0)
                {
                    start = i;
                }
                else if (!letter && start >= 0)
                {
                    yield return text[start..i].ToLowerInvariant();
                    start = -1;
                }
            }
        }
    }

    /// <summary>The terms of a text: its <see cref="Words"/> without stop words, stemmed.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The terms, in order, with repeats.</returns>
    public static IEnumerable<string> Terms(string text) => Words(text).Where(w => !s_stopWords.Contains(w)).Select(Stem);

    /// <summary>Folds an English plural to its singular with the S-stemmer (Harman, 1991; Lucene's
    /// <c>EnglishMinimalStemmer</c>): <c>-ies</c> → <c>-y</c> (not after <c>a</c> or <c>e</c>), <c>-es</c> kept after
    /// <c>a</c>, <c>e</c>, <c>i</c>, <c>o</c>, otherwise a final <c>s</c> dropped unless it follows <c>s</c> or <c>u</c>.</summary>
    /// <param name="word">A lower-case word.</param>
    /// <returns>The stem.</returns>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var n = word.Length;
        if (n < 3 || word[n - 1] != 's')
        {
            return word;
        }

        switch (word[n - 2])
        {
            case 'u':
            case 's':
                return word;
            case 'e':
                if (n > 3 && word[n - 3] == 'i' && word[n - 4] is not ('a' or 'e'))
                {
                    return string.Concat(word.AsSpan(0, n - 3), "y");
                }

                if (word[n - 3] is 'i' or 'a' or 'o' or 'e')
                {
                    return word;
                }

                return word[..(n - 1)];
            default:
                return word[..(n - 1)];
        }
    }
}
