/* opsmanual-fold-search: search that forgives accents and keeps stemming.
 *
 * Appended to Material's search worker by the opsmanual plugin. Material
 * searches as you type by turning every query term into a prefix ("term*"),
 * and lunr runs no pipeline on such terms, so the index and the query are
 * treated here alike:
 * - the index: every token is folded to its letters without accents
 *   (válvula -> valvula) before the language's trimmer, stop words and
 *   stemmer run;
 * - the query: every term is folded and stemmed with the same stemmer before
 *   it becomes a prefix, so "valvula", "válvula" and "válvulas" all find the
 *   page that says "válvula".
 */
(function () {
  var lunr = self.lunr;
  if (!lunr || lunr.opsmanualFold) return;

  function foldText(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var plain = text[i].normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      out += plain.length === 1 ? plain : text[i];
    }
    return out;
  }

  var fold = function (token) {
    return token.update(foldText);
  };
  lunr.Pipeline.registerFunction(fold, "opsmanualFold");
  lunr.opsmanualFold = fold;

  var stem = null;
  var add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function () {
    if (this.pipeline._stack[0] !== fold) this.pipeline._stack.unshift(fold);
    if (this.searchPipeline._stack[0] !== fold) this.searchPipeline._stack.unshift(fold);
    if (stem === null) {
      stem = this.searchPipeline._stack.filter(function (fn) {
        return /^stemmer/.test(fn.label || "");
      })[0] || false;
    }
    return add.apply(this, arguments);
  };

  function prepare(term) {
    var match = /^(\**)(.*?)(\**)$/.exec(term);
    var word = foldText(match[2]).toLowerCase();
    if (stem && word.length > 2) {
      var stemmed = stem(new lunr.Token(word, {}));
      if (stemmed && stemmed.toString()) word = stemmed.toString();
    }
    return match[1] + word + match[3];
  }

  var run = lunr.QueryLexer.prototype.run;
  lunr.QueryLexer.prototype.run = function () {
    var result = run.apply(this, arguments);
    for (var i = 0; i < this.lexemes.length; i++) {
      if (this.lexemes[i].type === lunr.QueryLexer.TERM) {
        this.lexemes[i].str = prepare(this.lexemes[i].str);
      }
    }
    return result;
  };
})();
