"""Every label opsmanual writes itself, in English and Spanish: one table for the site and the checklists."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "es")

_TABLE: dict[str, tuple[str, str]] = {
    # the site: navigation and pages
    "home": ("Home", "Inicio"),
    "how_to_use": ("How to use this manual", "Cómo usar este manual"),
    "how_find": (
        "**Find** a procedure: type a word in the search box at the top, like *complaint* or *cooler*.",
        "**Busque** un procedimiento: escriba una palabra en el buscador de arriba, como *queja* o *cámara*.",
    ),
    "how_read": (
        "**Read** it: each procedure says why it matters, what done right looks like, and each step.",
        "**Léalo**: cada procedimiento dice por qué importa, cómo se ve bien hecho y cada paso.",
    ),
    "how_print": (
        "**Print** the checklist for your shift from the checklists page, or use your browser's print.",
        "**Imprima** la lista de su turno desde la página de listas, o con la impresión del navegador.",
    ),
    "areas": ("Areas", "Áreas"),
    "area": ("Area", "Área"),
    "procedures": ("Procedures", "Procedimientos"),
    "procedure": ("Procedure", "Procedimiento"),
    "by_role": ("By role", "Por puesto"),
    "by_shift": ("By shift", "Por turno"),
    "roles": ("Roles", "Puestos"),
    "shifts": ("Shifts", "Turnos"),
    "tags": ("Tags", "Etiquetas"),
    "review_status": ("Review status", "Estado de revisión"),
    "checklists": ("Checklists", "Listas de control"),
    "checklist": ("Checklist", "Lista de control"),
    "download_pdf": ("Download the printable PDF", "Descargar el PDF para imprimir"),
    "none": ("None.", "Ninguno."),
    "overnight": ("overnight", "nocturno"),
    # a procedure page
    "code": ("Code", "Código"),
    "revision": ("Revision", "Revisión"),
    "effective": ("Effective", "Vigente desde"),
    "approved_by": ("Approved by", "Aprobado por"),
    "owner": ("Owner", "Responsable"),
    "when": ("When", "Cuándo"),
    "time": ("Time", "Tiempo"),
    "status": ("Status", "Estado"),
    "next_review": ("Next review", "Próxima revisión"),
    "summary": ("Summary", "Resumen"),
    "purpose": ("Purpose", "Propósito"),
    "standard": ("Standard", "Estándar"),
    "materials": ("Materials", "Materiales"),
    "safety": ("Safety", "Seguridad"),
    "steps": ("Steps", "Pasos"),
    "why": ("Why", "Por qué"),
    "tip": ("Tip", "Consejo"),
    "warning": ("Warning", "Advertencia"),
    "critical": ("Critical", "Crítico"),
    "critical_step": ("Critical step: never skip it.", "Paso crítico: nunca lo omita."),
    "if": ("If", "Si"),
    "then": ("then", "entonces"),
    "record": ("Record", "Registrar"),
    "allowed_range": ("Allowed range", "Rango permitido"),
    "if_out_of_range": ("If out of range", "Si está fuera de rango"),
    "escalation": ("Escalation", "Escalamiento"),
    "authority": ("Authority", "Autoridad"),
    "related": ("Related procedures", "Procedimientos relacionados"),
    "changes": ("Change log", "Historial de cambios"),
    "date": ("Date", "Fecha"),
    "note": ("Note", "Nota"),
    "status_draft": ("Draft", "Borrador"),
    "status_effective": ("Effective", "Vigente"),
    "status_retired": ("Retired", "Retirado"),
    "draft_banner": (
        "This procedure is a draft: it is not in effect yet.",
        "Este procedimiento es un borrador: todavía no está vigente.",
    ),
    "retired_banner": ("This procedure is retired: do not follow it.", "Este procedimiento está retirado: no lo siga."),
    "overdue": ("Overdue", "Vencida"),
    "due_soon": ("Due soon", "Próxima"),
    "review_overdue": ("Overdue for review", "Revisión vencida"),
    "review_due_30": ("Due for review within 30 days", "Revisión en los próximos 30 días"),
    "review_drafts": ("Drafts", "Borradores"),
    "review_by_owner": ("Next reviews by owner", "Próximas revisiones por responsable"),
    "no_owner": ("No owner", "Sin responsable"),
    "no_review_date": ("no review date", "sin fecha de revisión"),
    # checklists, on paper and on the site
    "shift": ("Shift", "Turno"),
    "due": ("Due", "Hora límite"),
    "lead_name": ("Shift lead", "Encargado de turno"),
    "initials": ("Initials", "Iniciales"),
    "value": ("Value", "Valor"),
    "unit": ("Unit", "Unidad"),
    "range": ("Range", "Rango"),
    "done": ("Done", "Hecho"),
    "item": ("Item", "Tarea"),
    "notes": ("Notes", "Notas"),
    "signoff": ("Sign-off", "Firmas"),
    "name": ("Name", "Nombre"),
    "signature": ("Signature", "Firma"),
    "critical_legend": ("critical: must never be skipped", "crítico: nunca se omite"),
    "uncontrolled": ("Uncontrolled when printed", "Copia no controlada al imprimirse"),
    "printed": ("Printed", "Impreso"),
    "page_of": ("Page {page} of {pages}", "Página {page} de {pages}"),
    "procedures_as_of": ("Procedures as of", "Procedimientos al"),
    "out_of_range_action": ("If out of range:", "Si está fuera de rango:"),
    "at_least": ("at least", "mínimo"),
    "at_most": ("at most", "máximo"),
    # checklist PDF (added)
    "time_of_day": ("Time", "Hora"),  # the clock time written at a sign-off; "time" is a duration
}


def labels(language: str) -> Mapping[str, str]:
    """The labels of one language, by key."""
    index = LANGUAGES.index(language)
    return {key: texts[index] for key, texts in _TABLE.items()}


def table() -> Mapping[str, tuple[str, str]]:
    """The whole table, for tests that keep it complete."""
    return _TABLE
