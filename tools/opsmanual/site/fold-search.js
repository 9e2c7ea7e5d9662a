/* opsmanual-fold-search: search that forgives accents.
 * Appended to Material's search worker. Folds every token to its letters
 * without accents (válvula -> valvula) first, in the pipeline that builds the
 * index and in the one that reads queries, so that either spelling finds the
 * other; the language's trimmer, stop words and stemmer still run after it. */
(function () {
  var lunr = self.lunr;
  if (!lunr || lunr.opsmanualFold) return;
  var fold = function (token) {
    return token.update(function (s) {
      return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    });
  };
  lunr.Pipeline.registerFunction(fold, "opsmanualFold");
  lunr.opsmanualFold = fold;
  var add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function () {
    if (this.pipeline._stack[0] !== fold) this.pipeline._stack.unshift(fold);
    if (this.searchPipeline._stack[0] !== fold) this.searchPipeline._stack.unshift(fold);
    return add.apply(this, arguments);
  };
})();
