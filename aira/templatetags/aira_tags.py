from django import template

from aira.user_agents import device_name as name_of_device

register = template.Library()


@register.filter
def device_name(user_agent):
    """ "Chrome on Android" for a user agent string (aira/user_agents.py)."""
    return name_of_device(user_agent)
