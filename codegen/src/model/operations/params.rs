//! The parameters of an operation: path parameters become arguments of its method (see
//! `path`), query, header and cookie parameters the fields of one struct.

use openapiv3::{MediaType, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr};

use super::{is_ref, unwrap_option, Context};
use crate::model::types::TypeSpace;
use crate::model::{
    Constraints, Field, FieldDefault, ParamLocation, ParamShape, ParamStyle, ParamsStruct,
    SentParam, StructDef, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{self, Scope};
use crate::resolve::{Location, Resolver};

/// A parameter after resolution, with where it was declared.
pub(super) struct Declared {
    pub parameter: Parameter,
    pub at: Location,
    /// Declared under `components/parameters`: its types are named after the component.
    pub component: Option<String>,
}

impl TypeSpace<'_> {
    /// Path-level and operation-level parameters, resolved; the operation's win on conflict.
    pub(super) fn parameters(&mut self, cx: &Context<'_>) -> Vec<Declared> {
        let mut out: Vec<Declared> = Vec::new();
        let levels = [
            (cx.path_parameters, &cx.path_at),
            (cx.operation.parameters.as_slice(), &cx.at),
        ];
        for (list, base) in levels {
            for (i, item) in list.iter().enumerate() {
                let at = base.descend(&["parameters", &i.to_string()]);
                let Some(declared) = self.parameter(item, at) else {
                    continue;
                };
                let data = declared.parameter.parameter_data_ref();
                let same = |d: &Declared| {
                    let other = d.parameter.parameter_data_ref();
                    other.name == data.name
                        && location(&d.parameter) == location(&declared.parameter)
                };
                match out.iter().position(same) {
                    Some(existing) => out[existing] = declared,
                    None => out.push(declared),
                }
            }
        }
        out
    }

    fn parameter(&mut self, item: &ReferenceOr<Parameter>, at: Location) -> Option<Declared> {
        let (parameter, at) = self
            .resolver
            .item(item, &at, Resolver::deserialize)
            .map_err(|e| self.error(e))
            .ok()?;
        let component = at.in_components("parameters").filter(|_| is_ref(item));
        Some(Declared {
            parameter: parameter.into_owned(),
            at,
            component,
        })
    }

    /// The type of a parameter's value.
    pub(super) fn parameter_type(&mut self, declared: &Declared, type_prefix: &str) -> TypeRef {
        let data = declared.parameter.parameter_data_ref();
        let hint = match &declared.component {
            Some(component) => naming::type_name(component),
            None => format!("{type_prefix}{}", naming::type_part(&data.name)),
        };
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let ty = self.of_ref_or(schema, &declared.at.child("schema"), &hint);
                if let ReferenceOr::Item(schema) = schema {
                    if let (Some(example), false) =
                        (&schema.schema_data.example, matches!(ty, TypeRef::Named(_)))
                    {
                        let at = declared.at.descend(&["schema", "example"]);
                        self.example(&at, format!("{hint}.schema"), &ty, example);
                    }
                }
                ty
            }
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((
                    media,
                    media_type @ MediaType {
                        schema: Some(schema),
                        ..
                    },
                )) => {
                    let at = declared.at.descend(&["content", media]);
                    let ty = self.of_ref_or(schema, &at.child("schema"), &hint);
                    self.media_examples(media_type, &at, &hint, &ty);
                    ty
                }
                _ => TypeRef::String,
            },
        };
        if let Some(example) = &data.example {
            self.example(&declared.at.child("example"), hint.clone(), &ty, example);
        }
        for (name, item) in &data.examples {
            let at = declared.at.descend(&["examples", name]);
            self.named_example(item, &at, &hint, &ty);
        }
        ty
    }

    /// What a parameter's value of type `ty` must satisfy: the validation keywords of its
    /// schema (or of the schema of its one `content` entry).
    pub(super) fn parameter_constraints(
        &mut self,
        declared: &Declared,
        ty: &TypeRef,
    ) -> Constraints {
        match &declared.parameter.parameter_data_ref().format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.constraints_of(schema, &declared.at.child("schema"), ty)
            }
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((
                    media,
                    MediaType {
                        schema: Some(schema),
                        ..
                    },
                )) => {
                    let at = declared.at.descend(&["content", media, "schema"]);
                    self.constraints_of(schema, &at, ty)
                }
                _ => Constraints::default(),
            },
        }
    }

    /// Query, header and cookie parameters as the fields of one `{Operation}Params` struct.
    pub(super) fn params_struct(
        &mut self,
        declared: &[Declared],
        type_prefix: &str,
        cx: &Context<'_>,
    ) -> Option<ParamsStruct> {
        let mut fields = Vec::new();
        let mut sent = Vec::new();
        let mut scope = Scope::default();
        for d in declared {
            let (location, style) = match &d.parameter {
                Parameter::Path { .. } => continue,
                Parameter::Query { style, .. } => (
                    ParamLocation::Query,
                    match style {
                        QueryStyle::Form => ParamStyle::Form,
                        QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                        QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                        QueryStyle::DeepObject => ParamStyle::DeepObject,
                    },
                ),
                Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
                Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form),
            };
            let data = d.parameter.parameter_data_ref();
            let explode = data.explode.unwrap_or(style == ParamStyle::Form);
            let ty = self.parameter_type(d, type_prefix);
            let constraints = self.parameter_constraints(d, &ty);
            let name = scope.claim(naming::field_name(&data.name), &data.name);
            let shape = match unwrap_option(&ty).expand(&self.defs) {
                TypeRef::Vec(_) => ParamShape::List,
                other if self.is_scalar(other) => ParamShape::Scalar,
                _ => ParamShape::Object,
            };
            // The server applies a parameter's default when it is not sent: documented only.
            let default = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.schema_default(schema, &d.at.child("schema"))
                }
                ParameterSchemaOrContent::Content(_) => None,
            }
            .map(|(at, json)| FieldDefault {
                json,
                at,
                fills_absent: false,
                value: None,
            });
            sent.push(SentParam {
                field: name.clone(),
                wire: data.name.clone(),
                location,
                required: data.required,
                style,
                explode,
                shape,
            });
            fields.push(Field {
                name,
                wire: data.name.clone(),
                ty,
                required: data.required,
                docs: data.description.clone(),
                deprecated: data.deprecated.unwrap_or(false),
                boxed: false,
                flatten: false,
                default,
                constraints,
                // Parameters are sent, never read.
                lenient: None,
            });
        }
        if fields.is_empty() {
            return None;
        }
        let has_required = sent.iter().any(|p| p.required);
        // The required parameters, in the order the operation declares them.
        let constructor = (0..fields.len()).filter(|&i| fields[i].required).collect();
        let def = StructDef {
            fields,
            constructor,
            additional: None,
            additional_constraints: Constraints::default(),
            params_of: Some(cx.name.clone()),
        };
        let ty = self.add_definition(TypeDef {
            name: format!("{type_prefix}Params"),
            docs: None,
            origin: cx.at.clone(),
            example: None,
            kind: TypeKind::Struct(def),
            constraints: Constraints::default(),
            derives: Vec::new(),
        });
        Some(ParamsStruct {
            ty,
            params: sent,
            has_required,
        })
    }

    /// True for a type whose values are written as their text in a parameter or a form part:
    /// numbers, strings, booleans and string enums (with aliases already followed).
    pub(in crate::model) fn is_scalar(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::External(id) => self.externals[*id].scalar,
            _ => ty.is_text_value(|id| &self.defs[id].kind),
        }
    }
}

fn location(parameter: &Parameter) -> ParamLocation {
    match parameter {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}
