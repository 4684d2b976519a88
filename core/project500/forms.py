"""The structured forms of concept documents, extendable by a region's plugin."""
import colander

from core.project500.model import ANTI_RISK_PROGRAMME


class Measure(colander.MappingSchema):
    """One row of the table of measures."""

    measure = colander.SchemaNode(colander.String(), title="Мера (мероприятие)",
                                  validator=colander.Length(min=3, max=1000))
    deadline = colander.SchemaNode(colander.Date(), title="Срок")
    responsible = colander.SchemaNode(colander.String(), title="Ответственные",
                                      validator=colander.Length(max=300))
    indicator = colander.SchemaNode(colander.String(), title="Показатель",
                                    validator=colander.Length(max=500))
    expected_result = colander.SchemaNode(colander.String(), title="Ожидаемый результат",
                                          validator=colander.Length(max=1000))


class Measures(colander.SequenceSchema):
    """The table of measures: at least one row."""

    measure = Measure(title="Мера")


class ConceptSchema(colander.MappingSchema):
    """Goals, tasks, measures and expected results: what every concept document states."""

    goals = colander.SchemaNode(colander.String(), title="Цели", validator=colander.Length(min=3, max=5000))
    tasks = colander.SchemaNode(colander.String(), title="Задачи", validator=colander.Length(min=3, max=5000))
    measures = Measures(title="Меры", validator=colander.Length(min=1, min_err="Нужна хотя бы одна мера"))
    expected_results = colander.SchemaNode(colander.String(), title="Ожидаемые результаты",
                                           validator=colander.Length(min=3, max=5000))


def concept_schema(host, region, document_type):
    """The form schema of ``document_type`` in ``region``, with the region's extra fields."""
    schema = ConceptSchema()
    return host.extend_schema(region, document_type if document_type else ANTI_RISK_PROGRAMME, schema)

